package io.ttsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import org.junit.jupiter.api.Test;

/** API.md §10, the smaller items, each from outside against fake providers. */
class HostileCallersIT extends GatewayHttpTest {

    @Test
    void shouldRefuseContextLongerThanTheTextLimitBeforeAnyProviderIsCalled() {
        String context = "x".repeat(63_000);

        post("/v1/tts")
                .bodyValue("{\"text\":\"Hi\",\"previous_text\":\"" + context + "\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("previous_text");
        post("/v1/tts/stream")
                .bodyValue("{\"text\":\"Hi\",\"next_text\":\"" + context + "\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("next_text");

        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldEchoAProvidersRejectionOnlyAfterStrippingMarkupControlsAndBidiCharacters() {
        String hostile = "bad voice \u202Eevil\u202C\u2028<script>alert(1)</script> " + "<".repeat(16_000) + " end";
        PHOENIX.always(Behavior.status(
                422,
                "{\"detail\":{\"status\":\"invalid_voice\",\"message\":\""
                        + hostile.replace("\u202E", "\\u202E")
                                .replace("\u202C", "\\u202C")
                                .replace("\u2028", "\\u2028")
                        + "\"}}"));

        ApiProblemBody problem = post("/v1/tts")
                .bodyValue("{\"text\":\"Hi\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody(ApiProblemBody.class)
                .returnResult()
                .getResponseBody();

        assertThat(problem.type()).isEqualTo("/problems/upstream-rejected");
        String detail = problem.detail();
        assertThat(detail).contains("bad voice").doesNotContain("<", ">", "\u202E", "\u202C", "\u2028", "script>");
        assertThat(detail.codePointCount(0, detail.length())).isLessThanOrEqualTo(301);
    }

    @Test
    void shouldTakeQuotaExceededFromPhoenixAsAnOrdinaryFailureThatCapsNothing() {
        PHOENIX.then(Behavior.error(401, "quota_exceeded", "spent"));
        PHOENIX.then(Behavior.audio("ok".getBytes()));

        post("/v1/tts")
                .bodyValue("{\"text\":\"Hi\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-Reasons", "phoenix=status:401");

        web.get()
                .uri("/ready")
                .exchange()
                .expectBody()
                .jsonPath("$.components.phoenix.status")
                .isEqualTo("UP");
        post("/v1/tts")
                .bodyValue("{\"text\":\"Hi\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix");
    }

    /** The members of a problem this test reads. */
    record ApiProblemBody(String type, String detail) {}
}
