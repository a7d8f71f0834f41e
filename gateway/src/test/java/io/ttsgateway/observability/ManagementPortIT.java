package io.ttsgateway.observability;

import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestRedis;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code MANAGEMENT_PORT} moves actuator to its own port; the main port then answers 404 under /actuator. */
class ManagementPortIT extends GatewayHttpTest {

    static final int MANAGEMENT = TestRedis.freePort();

    @DynamicPropertySource
    static void managementPort(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> MANAGEMENT);
    }

    @Test
    void shouldServeMetricsOnlyOnTheManagementPort() {
        WebTestClient management = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + MANAGEMENT)
                .responseTimeout(Duration.ofSeconds(5))
                .build();

        management
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> Assertions.assertThat(body).contains("tts_provider_up{provider=\"phoenix\"}"));
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType("application/problem+json");
    }

    @Test
    void shouldExposeOnlyHealthPrometheusAndInfo() {
        WebTestClient management = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + MANAGEMENT)
                .build();

        management.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        management.get().uri("/actuator/configprops").exchange().expectStatus().isNotFound();
        management.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}
