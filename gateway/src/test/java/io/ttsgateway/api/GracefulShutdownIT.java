package io.ttsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.GatewayApplication;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** On shutdown, readiness turns 503 at once and a running stream still finishes (API.md §2, issue: graceful). */
class GracefulShutdownIT {

    private static final FakeProvider PHOENIX = new FakeProvider();

    @AfterAll
    static void stopFake() {
        PHOENIX.close();
    }

    @Test
    void shouldTurnNotReadyAtOnceAndLetARunningStreamFinish() {
        ConfigurableApplicationContext context = new SpringApplication(GatewayApplication.class)
                .run(
                        "--server.port=0",
                        "--gateway.clients.file=" + TestClients.write(),
                        "--gateway.voices.file=../config/voices.yml",
                        "--gateway.phoenix.base-url=" + PHOENIX.baseUrl(),
                        "--gateway.local.enabled=false",
                        "--spring.lifecycle.timeout-per-shutdown-phase=10s");
        String port = context.getEnvironment().getProperty("local.server.port");
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
        ShutdownState shutdown = context.getBean(ShutdownState.class);
        OperationsHandler operations = context.getBean(OperationsHandler.class);
        PHOENIX.always(Behavior.chunks(
                Duration.ofMillis(400),
                "a".getBytes(),
                "b".getBytes(),
                "c".getBytes(),
                "d".getBytes(),
                "e".getBytes()));
        Flux<byte[]> stream = client.post()
                .uri("/v1/tts/stream")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"a long answer\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(byte[].class)
                .getResponseBody();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

        StepVerifier.create(stream.map(String::new).reduce(String::concat))
                .expectNext("abcde")
                .expectComplete()
                .verify(Duration.ofSeconds(15));
        assertThat(shutdown.draining()).isTrue();
        StepVerifier.create(operations.ready(null).map(r -> r.statusCode().value()))
                .expectNext(503)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        closing.join();
    }
}
