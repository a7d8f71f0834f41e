package io.ttsgateway.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code GET /v1/usage} (API.md §2) and {@code /ready} from the gateway under test. */
final class Usage {

    /**
     * One client's counters at one moment.
     *
     * @param dayResetsAt identifies the day window, so a phase that crosses midnight UTC is known
     * @param active concurrency slots held
     */
    record Snapshot(long day, String dayResetsAt, long month, String monthResetsAt, long elevenLabs, long active) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final String base;

    Usage(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Snapshot read(SoakClients.Client client) {
        JsonNode body = JSON.readTree(get("/v1/usage", client.key(), 200));
        JsonNode day = body.at("/budgets/0");
        JsonNode month = body.at("/budgets/1");
        return new Snapshot(
                day.path("used").asLong(),
                day.path("resets_at").asString(),
                month.path("used").asLong(),
                month.path("resets_at").asString(),
                body.at("/elevenlabs/used").asLong(),
                body.at("/concurrent/active").asLong());
    }

    Map<String, Snapshot> readAll(List<SoakClients.Client> clients) {
        Map<String, Snapshot> all = new LinkedHashMap<>();
        clients.forEach(c -> all.put(c.id(), read(c)));
        return all;
    }

    /** {@code /ready}'s redis component: {@code UP} or {@code DOWN}. */
    String redisState() {
        return JSON.readTree(get("/ready", null, -1))
                .at("/components/redis/status")
                .asString("?");
    }

    boolean healthy() {
        try {
            return send("/health", null).statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    String text(String path) {
        return get(path, null, 200);
    }

    private String get(String path, String key, int expected) {
        try {
            HttpResponse<String> response = send(path, key);
            if (expected > 0 && response.statusCode() != expected) {
                throw new IllegalStateException(
                        "GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        }
    }

    private HttpResponse<String> send(String path, String key) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
