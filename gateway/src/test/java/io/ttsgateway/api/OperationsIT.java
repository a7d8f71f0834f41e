package io.ttsgateway.api;

import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class OperationsIT extends GatewayHttpTest {

    @Test
    void shouldAnswerHealthWithoutAKey() {
        web.get().uri("/health").exchange().expectStatus().isOk().expectBody().json("{\"status\":\"UP\"}");
    }

    @Test
    void shouldReportEveryComponentAsAnObjectWithAStatus() {
        web.get()
                .uri("/ready")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.redis.status")
                .isEqualTo("memory")
                .jsonPath("$.components.phoenix.status")
                .isEqualTo("UP")
                .jsonPath("$.components.elevenlabs.status")
                .isEqualTo("UP")
                .jsonPath("$.components.local.status")
                .isEqualTo("DISABLED")
                .jsonPath("$.details.stream_token_secret")
                .value(v -> Assertions.assertThat((String) v).startsWith("random per process"));
    }

    @Test
    void shouldListLogicalVoicesWithTheProvidersThatHaveThem() {
        web.get()
                .uri("/v1/voices")
                .header("Authorization", "Bearer " + TestClients.BETA_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.default")
                .isEqualTo("narrator")
                .jsonPath("$.voices[0].name")
                .isEqualTo("narrator")
                .jsonPath("$.voices[0].providers[0]")
                .isEqualTo("phoenix")
                .jsonPath("$.voices[0].providers[1]")
                .isEqualTo("elevenlabs");
    }

    @Test
    void shouldRequireAKeyForTheVoiceList() {
        web.get().uri("/v1/voices").exchange().expectStatus().isUnauthorized();
    }
}
