package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Slow readers (API.md §10): a caller that reads nothing for {@code TTS_CLIENT_WRITE_TIMEOUT} is disconnected, its
 * exchange ends as cancelled and the provider's stream is cancelled; a caller that reads slowly but steadily gets its
 * whole answer. The timeout is shorter here than the providers' idle timeout (1500 ms in these tests): a caller that
 * takes nothing also stops the provider's stream, whose gap would otherwise end the exchange first.
 */
@TestPropertySource(properties = "gateway.web.client-write-timeout=700ms")
class SlowReadersIT extends GatewayHttpTest {

    private static final int CHUNK = 64 * 1024;

    @LocalServerPort
    int port;

    @Test
    void shouldDisconnectACallerThatReadsNothingAndCancelTheProvidersStream() throws Exception {
        PHOENIX.always(Behavior.bulk(20 * 1024 * 1024 / CHUNK, CHUNK));
        int closedBefore = PHOENIX.closedConnections();
        try (RawConnection caller = RawConnection.open(port, 16 * 1024)) {
            caller.send(streamRequest());
            long start = System.nanoTime();

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> PHOENIX.closedConnections() > closedBefore);
            Duration stalled = Duration.ofNanos(System.nanoTime() - start);
            long received = caller.drainUntilClosed(Duration.ofSeconds(10));

            assertThat(stalled)
                    .as("until the provider's stream was cancelled")
                    .isBetween(Duration.ofMillis(700), Duration.ofSeconds(6));
            assertThat(received)
                    .as("bytes the caller got before the gateway hung up")
                    .isBetween(0L, 10L * 1024 * 1024);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(metrics())
                        .containsPattern(
                                "tts_requests_total\\{[^}]*endpoint=\"/v1/tts/stream\"[^}]*outcome=\"cancelled\""));
    }

    @Test
    void shouldGiveASlowButSteadyReaderItsWholeAnswer() throws Exception {
        int count = 20;
        PHOENIX.always(Behavior.bulk(count, CHUNK));
        try (RawConnection caller = RawConnection.open(port, 16 * 1024)) {
            caller.send(streamRequest());
            long start = System.nanoTime();

            // About 256 KiB a second, a little at a time: slow, but never silent for the write timeout.
            long received = 0;
            while (received < (long) count * CHUNK
                    && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
                received += caller.sip(16 * 1024, Duration.ofMillis(200));
                long due = start + received * 1_000_000_000L / (256 * 1024);
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
            }

            assertThat(received).as("headers and the whole body").isGreaterThan((long) count * CHUNK);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(3));
        }
    }

    private String metrics() {
        return web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    static String streamRequest() {
        String body = "{\"text\":\"Hello\"}";
        return "POST /v1/tts/stream HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestClients.ALPHA_KEY + "\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }
}
