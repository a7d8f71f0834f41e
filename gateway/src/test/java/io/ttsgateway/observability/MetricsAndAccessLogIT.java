package io.ttsgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.auth.ApiKeys;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSecrets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mixed run (success, fallback, rejections, an aborted and a cancelled stream), then a scrape of
 * {@code /actuator/prometheus} and a read of every access-log line: every §5 series with plausible values, one JSON
 * object per request, and neither text nor secrets anywhere in the output.
 */
@ExtendWith(OutputCaptureExtension.class)
class MetricsAndAccessLogIT extends GatewayHttpTest {

    private static final String SECRET_TEXT = TestSecrets.SPOKEN_TEXT;

    @Test
    void shouldExposeEverySeriesAndLogOneLinePerRequestWithoutSecrets(CapturedOutput output) {
        post("/v1/tts")
                .header("X-Request-Id", "m-ok")
                .bodyValue("{\"text\":\"" + SECRET_TEXT + "\"}")
                .exchange()
                .expectStatus()
                .isOk();
        PHOENIX.always(Behavior.error(503, "busy", "busy"));
        post("/v1/tts/stream")
                .header("X-Request-Id", "m-fallback")
                .bodyValue("{\"text\":\"Fallback please\"}")
                .exchange()
                .expectStatus()
                .isOk();
        PHOENIX.reset();
        post("/v1/tts")
                .header("X-Request-Id", "m-invalid")
                .bodyValue("{\"text\":\"\"}")
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.post()
                .uri("/v1/tts")
                .header("X-Request-Id", "m-unauth")
                .header("Authorization", "Bearer wrong-secret-key")
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"x\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        PHOENIX.always(Behavior.resetAfter(Duration.ofMillis(20), "abc".getBytes()));
        StepVerifier.create(post("/v1/tts/stream")
                        .header("X-Request-Id", "m-aborted")
                        .bodyValue("{\"text\":\"Break me\"}")
                        .exchange()
                        .returnResult(byte[].class)
                        .getResponseBody())
                .expectNextCount(1)
                .expectError()
                .verify(Duration.ofSeconds(5));
        PHOENIX.always(Behavior.endless(Duration.ofMillis(30)));
        StepVerifier.create(post("/v1/tts/stream")
                        .header("X-Request-Id", "m-cancelled")
                        .bodyValue("{\"text\":\"Leave early\"}")
                        .exchange()
                        .returnResult(byte[].class)
                        .getResponseBody()
                        .take(2))
                .expectNextCount(2)
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).until(() -> accessLines(output).size() >= 6);
        String metrics = web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(value(metrics, "tts_requests_total{endpoint=\"/v1/tts\",outcome=\"ok\",provider=\"phoenix\"}"))
                .isEqualTo(1);
        assertThat(value(
                        metrics,
                        "tts_requests_total{endpoint=\"/v1/tts/stream\",outcome=\"ok\",provider=\"elevenlabs\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "tts_requests_total{endpoint=\"/v1/tts\",outcome=\"rejected\",provider=\"none\"}"))
                .isEqualTo(2);
        assertThat(value(
                        metrics,
                        "tts_requests_total{endpoint=\"/v1/tts/stream\",outcome=\"aborted\",provider=\"phoenix\"}"))
                .isEqualTo(1);
        assertThat(value(
                        metrics,
                        "tts_requests_total{endpoint=\"/v1/tts/stream\",outcome=\"cancelled\",provider=\"phoenix\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "tts_fallbacks_total{from=\"phoenix\",reason=\"status:503\",to=\"elevenlabs\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "tts_rejections_total{reason=\"invalid-request\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "tts_rejections_total{reason=\"unauthenticated\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "tts_characters_total{client=\"alpha\",provider=\"phoenix\"}"))
                .isEqualTo(SECRET_TEXT.length() + "Break me".length() + "Leave early".length());
        assertThat(value(metrics, "tts_time_to_first_byte_seconds_count{endpoint=\"/v1/tts\",provider=\"phoenix\"}"))
                .isEqualTo(1);
        assertThat(value(
                        metrics,
                        "tts_time_to_first_byte_seconds_bucket{endpoint=\"/v1/tts\",provider=\"phoenix\",le=\"30.0\"}"))
                .isEqualTo(1);
        assertThat(
                        value(
                                metrics,
                                "tts_request_duration_seconds_bucket{endpoint=\"/v1/tts/stream\",provider=\"elevenlabs\",le=\"0.01\"}"))
                .isBetween(0.0, 1.0);
        assertThat(value(metrics, "tts_provider_up{provider=\"phoenix\"}")).isEqualTo(1);
        assertThat(value(metrics, "tts_provider_up{provider=\"elevenlabs\"}")).isEqualTo(1);
        assertThat(value(metrics, "tts_budget_used_ratio{client=\"limited-1\",window=\"day\"}"))
                .isBetween(0.0, 1.0);
        assertThat(value(metrics, "tts_budget_used_ratio{client=\"gateway\",window=\"elevenlabs\"}"))
                .isBetween(0.0, 1.0);
        assertThat(metrics).contains("resilience4j_circuitbreaker_state{");

        List<JsonNode> lines = accessLines(output);
        JsonNode ok = byId(lines, "m-ok");
        assertThat(ok.path("client_id").asString()).isEqualTo("alpha");
        assertThat(ok.path("endpoint").asString()).isEqualTo("/v1/tts");
        assertThat(ok.path("provider").asString()).isEqualTo("phoenix");
        assertThat(ok.path("chars").asInt()).isEqualTo(SECRET_TEXT.length());
        assertThat(ok.path("status").asInt()).isEqualTo(200);
        assertThat(ok.path("outcome").asString()).isEqualTo("ok");
        assertThat(ok.path("text_sha256").asString()).isEqualTo(ApiKeys.sha256Hex(SECRET_TEXT));
        assertThat(ok.path("bytes").asLong()).isEqualTo("fake-audio".length());
        assertThat(ok.path("ttfb_ms").isNumber()).isTrue();
        assertThat(ok.path("duration_ms").asDouble())
                .isGreaterThanOrEqualTo(ok.path("ttfb_ms").asDouble());
        assertThat(byId(lines, "m-fallback").path("attempts").toString())
                .isEqualTo("[{\"provider\":\"phoenix\",\"outcome\":\"status:503\",\"tries\":1},"
                        + "{\"provider\":\"elevenlabs\",\"outcome\":\"ok\",\"tries\":1}]");
        assertThat(byId(lines, "m-invalid").path("outcome").asString()).isEqualTo("rejected");
        assertThat(byId(lines, "m-unauth").path("client_id").isNull()).isTrue();
        assertThat(byId(lines, "m-aborted").path("outcome").asString()).isEqualTo("aborted");
        assertThat(byId(lines, "m-cancelled").path("outcome").asString()).isEqualTo("cancelled");

        String exposed = metrics
                + web.get()
                        .uri("/ready")
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody()
                + web.get()
                        .uri("/actuator/info")
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody()
                + web.get()
                        .uri("/actuator/health")
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(exposed)
                .doesNotContain(
                        TestClients.ALPHA_KEY, "el-secret-api-key", "phoenix-secret-value", "127.0.0.1:" + "6379");
        assertThat(output.getAll())
                .doesNotContain(
                        SECRET_TEXT,
                        "wrong-secret-key",
                        TestClients.ALPHA_KEY,
                        "el-secret-api-key",
                        "phoenix-secret-value");
    }

    private static List<JsonNode> accessLines(CapturedOutput output) {
        JsonMapper json = JsonMapper.builder().build();
        return Arrays.stream(output.getOut().split("\n"))
                .filter(l -> l.startsWith("{\"request_id\""))
                .map(json::readTree)
                .toList();
    }

    private static JsonNode byId(List<JsonNode> lines, String id) {
        return lines.stream()
                .filter(l -> id.equals(l.path("request_id").asString()))
                .findFirst()
                .orElseThrow();
    }

    private static double value(String metrics, String series) {
        return Arrays.stream(metrics.split("\n"))
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + grep(metrics, series)));
    }

    private static String grep(String metrics, String series) {
        String name = series.substring(0, series.indexOf('{') < 0 ? series.length() : series.indexOf('{'));
        return String.join(
                "\n",
                Arrays.stream(metrics.split("\n"))
                        .filter(l -> l.startsWith(name))
                        .toList());
    }
}
