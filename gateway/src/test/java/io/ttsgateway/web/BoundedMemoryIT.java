package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * Memory stays bounded whatever a caller does not read (API.md §10): neither a streamed answer nobody reads nor
 * pipelined requests whose answers nobody reads make the gateway hold more than a little per connection. Measured in
 * this JVM, where the gateway runs: the heap after a collection, plus the bytes queued on the gateway's own
 * connections for their callers (exact; Netty's pooled allocator only shows its chunks, in steps of megabytes).
 */
class BoundedMemoryIT extends GatewayHttpTest {

    private static final int CHUNK = 64 * 1024;
    private static final Set<Channel> CONNECTIONS = ConcurrentHashMap.newKeySet();

    @LocalServerPort
    int port;

    /**
     * Notes every connection the gateway accepts, to read what waits in its outbound buffer, and gives each a small
     * socket send buffer: what a stalled caller costs the gateway then shows at once instead of after the kernel's
     * own buffer (megabytes on loopback) has filled.
     */
    @TestConfiguration
    static class CallerConnections {

        @Bean
        NettyServerCustomizer notingConnections() {
            return server -> server.childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
                    .doOnChannelInit((observer, channel, address) -> {
                        CONNECTIONS.add(channel);
                        channel.closeFuture().addListener(f -> CONNECTIONS.remove(channel));
                    });
        }
    }

    /** One whole stream, read, so that what is measured next is not the first use of anything. */
    private void warmUp() throws Exception {
        PHOENIX.always(Behavior.bulk(4, CHUNK));
        try (RawConnection caller = RawConnection.open(port)) {
            caller.send(SlowReadersIT.streamRequest());
            assertThat(caller.readResponse(Duration.ofSeconds(10)).body()).hasSize(4 * CHUNK);
        }
    }

    /** The most heap one caller that reads nothing may hold. */
    protected long heapPerStalledCaller() {
        return 512L * 1024;
    }

    /** The request of the {@code i}th caller that reads nothing of its stream. */
    protected String stalledRequest(int i) {
        return SlowReadersIT.streamRequest();
    }

    /** Gateway connections with bytes waiting for their caller. */
    private static int stalledConnections() {
        int stalled = 0;
        for (Channel channel : CONNECTIONS) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            stalled += buffer != null && buffer.totalPendingWriteBytes() > 0 ? 1 : 0;
        }
        return stalled;
    }

    /** Bytes written for callers and not yet taken by their sockets. */
    private static long queuedForCallers() {
        long queued = 0;
        for (Channel channel : CONNECTIONS) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            queued += buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
        return queued;
    }

    @Test
    void shouldHoldLittleForCallersThatNeverReadTheirStream() throws Exception {
        warmUp();
        PHOENIX.always(Behavior.bulk(20 * 1024 * 1024 / CHUNK, CHUNK));
        int callers = 6;
        HeldMemory before = HeldMemory.now();
        List<RawConnection> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                RawConnection caller = RawConnection.open(port, 16 * 1024);
                caller.send(stalledRequest(i));
                stalled.add(caller);
            }
            // Every stream under way and stopped by its caller; then a moment for anything that would pile up. All
            // well inside the providers' idle timeout (1500 ms in these tests): a stalled caller stalls the
            // provider's stream too, and that timeout would end the exchange and free everything before measuring.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stalledConnections() >= callers);
            Thread.sleep(300);

            long queued = queuedForCallers();
            int open = stalledConnections();
            HeldMemory during = HeldMemory.now();

            System.out.printf(
                    "six non-reading 20 MB streams: queued for callers %d KiB, heap growth %d KiB "
                            + "(before %s, during %s)%n",
                    queued / 1024, (during.heap() - before.heap()) / 1024, before, during);
            assertThat(open).as("stalled gateway connections when measured").isGreaterThanOrEqualTo(callers);
            assertThat(queued / callers)
                    .as("bytes queued per non-reading caller")
                    .isLessThan(256L * 1024);
            assertThat((during.heap() - before.heap()) / callers)
                    .as("heap grown per non-reading caller")
                    .isLessThan(heapPerStalledCaller());
        } finally {
            for (RawConnection caller : stalled) {
                caller.close();
            }
        }
    }

    @Test
    void shouldHoldLittleForPipelinedRequestsWhoseAnswersAreNeverRead() throws Exception {
        byte[] request = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] batch = new byte[request.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(request, 0, batch, i * request.length, request.length);
        }
        long limit = 19L * 1024 * 1024;
        HeldMemory before = HeldMemory.now();
        AtomicLong sent = new AtomicLong();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            // Writes block once the gateway stops reading: a thread of their own, ended by closing the socket.
            Thread writer = new Thread(
                    () -> {
                        try {
                            OutputStream out = socket.getOutputStream();
                            while (sent.get() < limit) {
                                out.write(batch);
                                sent.addAndGet(batch.length);
                            }
                        } catch (IOException closed) {
                            // The socket was closed by the test, or by the gateway.
                        }
                    },
                    "pipelining-writer");
            writer.setDaemon(true);
            writer.start();
            // Until the 19 MB are out, or the gateway has stopped reading for 3 s, or 20 s have passed.
            long last = -1;
            long lastProgress = System.nanoTime();
            long deadline = lastProgress + Duration.ofSeconds(20).toNanos();
            while (sent.get() < limit
                    && System.nanoTime() < deadline
                    && System.nanoTime() - lastProgress < Duration.ofSeconds(3).toNanos()) {
                if (sent.get() != last) {
                    last = sent.get();
                    lastProgress = System.nanoTime();
                }
                Thread.sleep(200);
            }
            HeldMemory during = HeldMemory.now();
            long queued = queuedForCallers();

            System.out.printf(
                    "pipelined GET /health, %d KiB sent, never read: queued for the caller %d KiB, heap "
                            + "growth %d KiB (before %s, during %s)%n",
                    sent.get() / 1024, queued / 1024, (during.heap() - before.heap()) / 1024, before, during);
            assertThat(queued).as("answers queued for the pipelining caller").isLessThan(1024L * 1024);
            assertThat(during.since(before))
                    .as("heap and Netty buffers grown for one pipelining connection")
                    .isLessThan(8L * 1024 * 1024);
        }
    }

    @Test
    void shouldAnswerEveryPipelinedRequestOfACallerThatReads() throws Exception {
        // Fewer than the 32 waiting requests at which Reactor Netty stops reading (Netty closes the connection of a
        // caller with more than 128 unanswered ones).
        int requests = 20;
        try (RawConnection caller = RawConnection.open(port)) {
            caller.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(requests));

            int answered = 0;
            while (answered < requests) {
                RawConnection.Response answer = caller.readResponse(Duration.ofSeconds(5));
                if (answer == null || answer.status() != 200) {
                    break;
                }
                answered++;
            }

            assertThat(answered).isEqualTo(requests);
        }
    }
}
