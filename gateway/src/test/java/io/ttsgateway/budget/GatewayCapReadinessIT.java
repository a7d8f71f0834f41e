package io.ttsgateway.budget;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** API.md §2: {@code /ready} shows ElevenLabs {@code CAPPED} once the gateway-wide month has no character left. */
class GatewayCapReadinessIT extends GatewayHttpTest {

    @DynamicPropertySource
    static void smallCap(DynamicPropertyRegistry registry) {
        registry.add("gateway.elevenlabs.monthly-char-cap", () -> "10");
    }

    @Test
    void shouldReportElevenLabsCappedWhenTheGatewayWideMonthIsSpent() {
        web.get()
                .uri("/ready")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.components.elevenlabs.status")
                .isEqualTo("UP");
        PHOENIX.always(Behavior.status(503, "{}"));

        post("/v1/tts")
                .bodyValue("{\"text\":\"0123456789\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs");

        web.get()
                .uri("/ready")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.components.elevenlabs.status")
                .isEqualTo("CAPPED")
                .jsonPath("$.components.phoenix.status")
                .isEqualTo("UP");
        post("/v1/tts")
                .bodyValue("{\"text\":\"a\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("cap:elevenlabs-monthly");
    }
}
