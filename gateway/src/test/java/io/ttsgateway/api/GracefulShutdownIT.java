package io.ttsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.GatewayApplication;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.FakeTimestamps;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** On shutdown, readiness turns 503 at once and a running stream still finishes (API.md §2, issue: graceful). */
class GracefulShutdownIT {

    /**
     * One per test: closing a gateway started this way disposes Reactor Netty's global event loops, which a fake made
     * before it runs on too.
     */
    private final FakeProvider phoenix = new FakeProvider();

    @AfterEach
    void stopFake() {
        phoenix.close();
    }

    @Test
    void shouldTurnNotReadyAtOnceAndLetARunningStreamFinish() {
        ConfigurableApplicationContext context = start("10s");
        String port = context.getEnvironment().getProperty("local.server.port");
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
        ShutdownState shutdown = context.getBean(ShutdownState.class);
        OperationsHandler operations = context.getBean(OperationsHandler.class);
        phoenix.always(Behavior.chunks(
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

    /**
     * A WebSocket conversation may stay open for ever: on shutdown it ends once nothing is being spoken, with 1001, so
     * its client reconnects to another replica and the shutdown does not wait out its grace.
     */
    @Test
    void shouldEndAnOpenConversationWithGoingAwayOnShutdown() {
        ConfigurableApplicationContext context = start("20s");
        String port = context.getEnvironment().getProperty("local.server.port");
        phoenix.alwaysFromBody(FakeTimestamps::speaking);
        java.net.URI uri = java.net.URI.create(
                "ws://127.0.0.1:" + port + "/v1/text-to-speech/narrator/stream-input?output_format=pcm_16000");
        try (TestSocket socket = TestSocket.open(uri, java.util.Map.of("xi-api-key", TestClients.ALPHA_KEY))) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Before the shutdown.\",\"flush\":true}");
            assertThat(socket.next(Duration.ofSeconds(5))).contains("audio");

            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            String last = null;
            String message;
            while ((message = socket.next(Duration.ofSeconds(10))) != null) {
                last = message;
                if (message.contains("\"error\"")) {
                    break;
                }
            }
            assertThat(last).contains("\"error\":\"going_away\"");
            assertThat(socket.closed(Duration.ofSeconds(5))).isEqualTo(new TestSocket.Closed(1001, "going_away"));
            closing.join();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("the shutdown did not wait out its grace")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    /** A gateway in front of this test's Phoenix, given {@code grace} to shut down. */
    private ConfigurableApplicationContext start(String grace) {
        return new SpringApplication(GatewayApplication.class)
                .run(
                        "--server.port=0",
                        "--gateway.clients.file=" + TestClients.write(),
                        "--gateway.voices.file=../config/voices.yml",
                        "--gateway.phoenix.base-url=" + phoenix.baseUrl(),
                        "--gateway.local.enabled=false",
                        "--spring.lifecycle.timeout-per-shutdown-phase=" + grace);
    }
}
