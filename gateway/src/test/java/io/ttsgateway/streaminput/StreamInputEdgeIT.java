package io.ttsgateway.streaminput;

import static io.ttsgateway.testing.FakeTimestamps.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ttsgateway.testing.FakeTimestamps;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * The edge's connection deadlines and a WebSocket conversation (API.md §8, §10): a client that takes none of what it is
 * sent is disconnected like any slow reader, while one that talks is never cut off by the deadlines meant for HTTP
 * (slow request heads, idle connections), however long it goes on.
 */
@TestPropertySource(
        properties = {
            "gateway.web.client-write-timeout=700ms",
            "gateway.web.header-read-timeout=1s",
            "gateway.web.connection-idle-timeout=1s"
        })
class StreamInputEdgeIT extends GatewayHttpTest {

    @LocalServerPort
    int port;

    @Test
    void shouldDisconnectAClientThatReadsNothingAndCancelTheProvidersStream() throws InterruptedException {
        AtomicInteger lines = new AtomicInteger();
        byte[] line = (chunk(new byte[32 * 1024], "a".repeat(10), 0) + "\n").getBytes(StandardCharsets.UTF_8);
        PHOENIX.always(response -> response.header("Content-Type", "application/json")
                .send(
                        Flux.<ByteBuf>generate(sink -> {
                            lines.incrementAndGet();
                            sink.next(Unpooled.wrappedBuffer(line));
                        }),
                        b -> true));
        int closedBefore = PHOENIX.closedConnections();
        URI uri = URI.create(
                "ws://127.0.0.1:" + port + "/v1/text-to-speech/voice-1/stream-input?output_format=pcm_16000");
        try (TestSocket socket = TestSocket.open(uri, Map.of("xi-api-key", TestClients.ALPHA_KEY), false)) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Speak forever.\",\"flush\":true}");

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(PHOENIX.closedConnections()).isGreaterThan(closedBefore));
            int atEnd = lines.get();
            Thread.sleep(500);
            assertThat(lines.get()).as("the provider's stream was cancelled").isEqualTo(atEnd);
        }
    }

    /** Longer than the deadlines for a request head and an idle connection, talking and listening all along. */
    @Test
    void shouldKeepAConversationGoingPastTheHttpDeadlines() throws InterruptedException {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        URI uri = URI.create(
                "ws://127.0.0.1:" + port + "/v1/text-to-speech/voice-1/stream-input?output_format=pcm_16000");
        try (TestSocket socket = TestSocket.open(uri, Map.of("xi-api-key", TestClients.ALPHA_KEY))) {
            socket.send("{\"text\":\" \"}");
            for (int turn = 1; turn <= 4; turn++) {
                Thread.sleep(800);
                socket.send("{\"text\":\"Turn " + turn + ".\",\"flush\":true}");
                assertThat(socket.next(Duration.ofSeconds(5)))
                        .as("turn " + turn)
                        .contains("audio");
                while (socket.next(Duration.ofMillis(200)) != null) {
                    // the rest of the turn's audio
                }
            }
            assertThat(socket.isClosed()).isFalse();
            socket.send("{\"text\":\"\"}");
            assertThat(socket.closed(Duration.ofSeconds(5)).code()).isEqualTo(1000);
        }
    }
}
