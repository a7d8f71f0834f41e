package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** API.md §1 fallback rules, on both endpoints, against real HTTP fakes. */
class FallbackIT extends GatewayHttpTest {

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429, 401, 403})
    void shouldFallBackToElevenLabsWhenPhoenixAnswersWithAFallbackStatus(int status) {
        PHOENIX.always(Behavior.error(status, "some_error", "phoenix says no"));

        for (String path : new String[] {"/v1/tts", "/v1/tts/stream"}) {
            post(path)
                    .bodyValue("{\"text\":\"Hello\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-TTS-Provider", "elevenlabs")
                    .expectHeader()
                    .valueEquals("X-TTS-Fallback-From", "phoenix");
        }
        assertThat(ELEVENLABS.speechCalls()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void shouldAnswerUpstreamRejectedWithoutFallbackWhenPhoenixRejectsTheRequest(int status) {
        PHOENIX.always(
                Behavior.error(status, "voice_not_found", "A voice with the voice_id <b>x</b> was not found.\\u0007"));

        post("/v1/tts")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/upstream-rejected")
                .jsonPath("$.status")
                .isEqualTo(422)
                .jsonPath("$.detail")
                .isEqualTo("A voice with the voice_id x was not found.")
                .jsonPath("$.provider")
                .isEqualTo("phoenix")
                .jsonPath("$.upstream_status")
                .isEqualTo(status)
                .jsonPath("$.request_id")
                .isNotEmpty();

        assertThat(ELEVENLABS.speechCalls()).isZero();
    }

    @Test
    void shouldFallBackWhenPhoenixRefusesConnections() {
        PHOENIX.refuseConnections();

        post("/v1/tts")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-From", "phoenix");
        ELEVENLABS.refuseConnections();
        post("/v1/tts")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.attempts[0].outcome")
                .isEqualTo("refused")
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("refused");
    }

    @Test
    void shouldAnswer502WithEveryAttemptWhenAllProvidersFail() {
        PHOENIX.always(Behavior.error(503, "overloaded", "busy"));
        ELEVENLABS.always(Behavior.resetAfter(Duration.ZERO));

        post("/v1/tts")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/upstream-failed")
                .jsonPath("$.attempts[0].provider")
                .isEqualTo("phoenix")
                .jsonPath("$.attempts[0].outcome")
                .isEqualTo("status:503")
                .jsonPath("$.attempts[0].tries")
                .isEqualTo(3)
                .jsonPath("$.attempts[1].provider")
                .isEqualTo("elevenlabs")
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("reset")
                .jsonPath("$.attempts[1].tries")
                .isEqualTo(3);
    }

    @Test
    void shouldAnswer504WhenTheLastProviderCalledTimedOut() {
        PHOENIX.always(Behavior.error(500, "boom", "broken"));
        ELEVENLABS.always(Behavior.hang());

        post("/v1/tts/stream")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(504)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/upstream-timeout")
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("timeout");
    }

    @Test
    void shouldFallBackWhenPhoenixResetsPartWayThroughWholeAudio() {
        PHOENIX.always(Behavior.resetAfter(Duration.ofMillis(10), "partial".getBytes()));

        byte[] body = post("/v1/tts")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        assertThat(new String(body)).isEqualTo("fake-audio");
    }

    @Test
    void shouldFallBackWhenPhoenixAnswersWithAnEmptyBody() {
        PHOENIX.always(Behavior.audio(new byte[0]));

        post("/v1/tts")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs");
    }
}
