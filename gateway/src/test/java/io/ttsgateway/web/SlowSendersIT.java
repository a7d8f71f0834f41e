package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Slow senders (API.md §10): headers must arrive within their timeout of the first byte, a body within
 * {@code TTS_BODY_READ_TIMEOUT} of its start, and a connection with no request in progress closes after its idle
 * timeout, all checked from outside over real sockets. Short timeouts keep the class fast.
 */
@TestPropertySource(
        properties = {
            "gateway.web.header-read-timeout=1s",
            "gateway.api.body-read-timeout=1s",
            "gateway.web.connection-idle-timeout=3s"
        })
class SlowSendersIT extends GatewayHttpTest {

    private static final String HEAD =
            "POST /v1/tts/stream HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + "X-Padding: "
                    + "a".repeat(2000) + "\r\n\r\n";

    @LocalServerPort
    int port;

    @Test
    void shouldCloseAConnectionWhoseHeadersDripPastTheHeaderTimeout() throws Exception {
        try (RawConnection caller = RawConnection.open(port)) {

            Duration open = caller.dripUntilClosed(HEAD, Duration.ofMillis(100), Duration.ofSeconds(10));

            assertThat(open)
                    .as("closed while dripping, each byte well inside the idle timeout")
                    .isNotNull()
                    .isBetween(Duration.ofMillis(800), Duration.ofSeconds(3));
        }
    }

    @Test
    void shouldCloseEveryOneOfManyDrippingConnections() throws Exception {
        List<RawConnection> callers = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                RawConnection caller = RawConnection.open(port);
                caller.send("GET /health HTTP/1.1\r\n");
                callers.add(caller);
            }
            long start = System.nanoTime();
            List<RawConnection> open = new ArrayList<>(callers);

            while (!open.isEmpty()
                    && System.nanoTime() - start < Duration.ofSeconds(8).toNanos()) {
                for (RawConnection caller : List.copyOf(open)) {
                    try {
                        caller.send("X");
                    } catch (java.io.IOException closed) {
                        open.remove(caller);
                        continue;
                    }
                    if (caller.closedWithin(Duration.ofMillis(1))) {
                        open.remove(caller);
                    }
                }
                Thread.sleep(100);
            }

            assertThat(open).as("connections still open after 8 s of dripping").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            for (RawConnection caller : callers) {
                caller.close();
            }
        }
    }

    @Test
    void shouldCloseAConnectionWhoseBodyDripsPastTheBodyTimeout() throws Exception {
        try (RawConnection caller = RawConnection.open(port)) {
            caller.send(head("/v1/tts", TestClients.ALPHA_KEY, 400));

            Duration open = caller.dripUntilClosed(
                    "{\"text\":\"" + "a".repeat(390) + "\"}", Duration.ofMillis(100), Duration.ofSeconds(10));

            assertThat(open).isNotNull().isLessThan(Duration.ofSeconds(3));
        }
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldHoldNoConcurrencySlotForABodyThatIsStillArrivingAndCloseItAfterTheBodyTimeout() throws Exception {
        String key = TestClients.limited(17);
        try (RawConnection first = RawConnection.open(port);
                RawConnection second = RawConnection.open(port)) {
            // As many bodies as the client has slots (max-concurrent-streams 2), neither ever finished: a slot is
            // only taken with the request's characters, once its body is known, so these hold none.
            first.send(head("/v1/tts/stream", key, 100) + "{\"text\":");
            second.send(head("/v1/tts/stream", key, 100) + "{\"text\":");
            Thread.sleep(300);
            assertThat(status(key)).as("while both bodies are pending").isEqualTo(200);

            assertThat(first.closedWithin(Duration.ofSeconds(4))).isTrue();
            assertThat(second.closedWithin(Duration.ofSeconds(4))).isTrue();
        }
    }

    @Test
    void shouldAnswerABodyPastItsDeadlineWith408RequestTimeoutAndClose() throws Exception {
        try (RawConnection caller = RawConnection.open(port)) {
            caller.send(head("/v1/tts", TestClients.limited(18), 100) + "{\"text\":");

            RawConnection.Response answer = caller.readResponse(Duration.ofSeconds(5));

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.headers()).containsEntry("connection", "close");
            assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"type\":\"/problems/request-timeout\"");
            assertThat(caller.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldCloseANewConnectionThatSendsNothingAfterTheIdleTimeout() throws Exception {
        try (RawConnection caller = RawConnection.open(port)) {
            long start = System.nanoTime();

            boolean closed = caller.closedWithin(Duration.ofSeconds(8));

            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        }
    }

    @Test
    void shouldKeepAConnectionAfterAnAnswerOnlyForTheIdleTimeout() throws Exception {
        try (RawConnection caller = RawConnection.open(port)) {
            caller.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(caller.readResponse(Duration.ofSeconds(5)).status()).isEqualTo(200);
            caller.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(caller.readResponse(Duration.ofSeconds(5)).status())
                    .as("kept alive")
                    .isEqualTo(200);
            long start = System.nanoTime();

            boolean closed = caller.closedWithin(Duration.ofSeconds(8));

            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        }
    }

    private int status(String key) throws Exception {
        try (RawConnection caller = RawConnection.open(port)) {
            String body = "{\"text\":\"Hi\"}";
            caller.send(head("/v1/tts", key, body.length()) + body);
            return caller.readResponse(Duration.ofSeconds(5)).status();
        }
    }

    private static String head(String path, String key, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + key + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }
}
