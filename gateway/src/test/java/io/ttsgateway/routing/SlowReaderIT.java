package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * API.md §10 "Slow readers": callers that stop reading a stream make back-pressure stop asking the provider for
 * more. That silence is the caller's: it must never fire the provider's idle timeout, count as a provider failure or
 * open its breaker. Here four callers open streams of 32 MB and never read, for several idle timeouts.
 */
class SlowReaderIT extends GatewayHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void shouldNotBlameTheProviderForCallersThatStopReading() throws Exception {
        PHOENIX.always(Behavior.bulk(2048, 16 * 1024));
        List<Socket> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                readers.add(openStreamWithoutReading());
            }

            // Four idle timeouts (1.5 s in these tests) of a provider that would send more if it were asked.
            StepVerifier.create(Mono.delay(Duration.ofSeconds(6)))
                    .expectNextCount(1)
                    .verifyComplete();

            CircuitBreaker phoenix = breakers.circuitBreaker("phoenix");
            assertThat(phoenix.getMetrics().getNumberOfFailedCalls()).isZero();
            assertThat(phoenix.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        } finally {
            for (Socket socket : readers) {
                socket.close();
            }
        }
        PHOENIX.always(Behavior.audio("fine".getBytes()));
        post("/v1/tts")
                .bodyValue("{\"text\":\"still phoenix\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix");
    }

    private Socket openStreamWithoutReading() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setReceiveBufferSize(4096);
        String body = "{\"text\":\"a long answer nobody reads\"}";
        String request = "POST /v1/tts/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + TestClients.ALPHA_KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }
}
