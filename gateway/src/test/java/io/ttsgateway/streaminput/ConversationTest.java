package io.ttsgateway.streaminput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What tests of WebSocket conversations (API.md §8) share: opening one, reading it to its end, the client's usage. */
abstract class ConversationTest extends GatewayHttpTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    URI uri(String query) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/text-to-speech/voice-1/stream-input" + query);
    }

    /** A conversation of client {@code alpha}, its key in the upgrade's header. */
    TestSocket open(String query) {
        return openAs(TestClients.ALPHA_KEY, query);
    }

    TestSocket openAs(String key, String query) {
        return TestSocket.open(uri(query), Map.of("xi-api-key", key));
    }

    /** Every message up to the last one (isFinal or an error), parsed. */
    static List<JsonNode> drain(TestSocket socket) {
        List<JsonNode> messages = new ArrayList<>();
        String next;
        while ((next = socket.next(WAIT)) != null) {
            JsonNode message = JSON.readTree(next);
            messages.add(message);
            if (message.path("isFinal").asBoolean(false) || message.has("error")) {
                break;
            }
        }
        return messages;
    }

    /** The characters of the messages' alignments, joined. */
    static String spoken(List<JsonNode> messages) {
        StringBuilder text = new StringBuilder();
        for (JsonNode message : messages) {
            message.path("alignment").path("chars").forEach(c -> text.append(c.asString()));
        }
        return text.toString();
    }

    /** The message that ends a conversation in error, and the close that follows it. */
    static void assertEndsWith(TestSocket socket, String error, int code) {
        List<JsonNode> messages = drain(socket);
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("error").asString()).as(last.toString()).isEqualTo(error);
        assertThat(last.path("message").asString()).isNotBlank();
        assertThat(socket.closed(WAIT).code()).isEqualTo(code);
    }

    /** The upgrade was answered with this HTTP status instead; the refusal, for more. */
    static TestSocket.Refused assertRefused(ThrowableAssert.ThrowingCallable opening, int status) {
        Throwable thrown = catchThrowable(opening);
        assertThat(thrown)
                .isInstanceOfSatisfying(
                        TestSocket.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(status));
        return (TestSocket.Refused) thrown;
    }

    JsonNode usage(String key) {
        return web.get()
                .uri("/v1/usage")
                .header("X-API-Key", key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    long usedToday(String key) {
        return usage(key).path("budgets").get(0).path("used").asLong();
    }

    long activeStreams(String key) {
        return usage(key).path("concurrent").path("active").asLong();
    }
}
