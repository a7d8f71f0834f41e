package io.ttsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.test.StepVerifier;

/** Streaming is pass-through (API.md §2): chunks as they arrive, broken streams stay broken, cancels travel up. */
class StreamingIT extends GatewayHttpTest {

    @LocalServerPort
    int port;

    @Test
    void shouldHandTheFirstChunkToTheCallerBeforeTheProviderSendsTheSecond() {
        AtomicLong secondChunkSentAt = new AtomicLong();
        PHOENIX.always(response -> response.header("Content-Type", "audio/mpeg")
                .sendByteArray(Flux.just(new byte[] {1}, new byte[] {2}, new byte[] {3})
                        .delayElements(Duration.ofMillis(300))
                        .doOnNext(b -> {
                            if (b[0] == 2) {
                                secondChunkSentAt.set(System.nanoTime());
                            }
                        })));
        List<Long> arrivals = new CopyOnWriteArrayList<>();

        Flux<byte[]> chunks = client().post()
                .uri("/v1/tts/stream")
                .send(ByteBufFlux.fromString(Mono.just("{\"text\":\"Hello\"}")))
                .responseContent()
                .asByteArray()
                .doOnNext(b -> arrivals.add(System.nanoTime()));

        StepVerifier.create(chunks.reduce(0, (n, b) -> n + b.length))
                .expectNext(3)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(2);
        assertThat(arrivals.get(0)).isLessThan(secondChunkSentAt.get());
    }

    @Test
    void shouldBreakTheCallersStreamWhenTheProviderFailsMidStream() {
        PHOENIX.always(Behavior.resetAfter(Duration.ofMillis(50), new byte[] {1, 2}, new byte[] {3, 4}));

        Flux<byte[]> body = client().post()
                .uri("/v1/tts/stream")
                .send(ByteBufFlux.fromString(Mono.just("{\"text\":\"Hello\"}")))
                .responseContent()
                .asByteArray();

        StepVerifier.create(body)
                .expectNextCount(1)
                .thenConsumeWhile(b -> true)
                .expectError(PrematureCloseException.class)
                .verify(Duration.ofSeconds(10));
        assertThat(ELEVENLABS.speechCalls())
                .as("no switch of provider after bytes went out")
                .isZero();
    }

    @Test
    void shouldCloseTheProviderConnectionWhenTheCallerGoesAway() {
        PHOENIX.always(Behavior.endless(Duration.ofMillis(50)));
        int closedBefore = PHOENIX.closedConnections();

        StepVerifier.create(client().post()
                        .uri("/v1/tts/stream")
                        .send(ByteBufFlux.fromString(Mono.just("{\"text\":\"Hello\"}")))
                        .responseContent()
                        .asByteArray()
                        .take(3))
                .expectNextCount(3)
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> PHOENIX.closedConnections() > closedBefore);
    }

    @Test
    void shouldPassFiftyMegabytesThroughWithoutHoldingThem() {
        int chunk = 64 * 1024;
        int count = 50 * 1024 * 1024 / chunk;
        PHOENIX.always(Behavior.bulk(count, chunk));
        long baseline = heapAfterGc();
        AtomicLong received = new AtomicLong();
        AtomicLong peak = new AtomicLong();

        // A raw client: WebTestClient records every body byte for its diagnostics, which is what this test rules out.
        Flux<ByteBuf> body = client().post()
                .uri("/v1/tts/stream")
                .send(ByteBufFlux.fromString(Mono.just("{\"text\":\"Hello\"}")))
                .responseContent()
                .retain();
        // Measuring (System.gc) blocks, so it runs off the event loop; the gateway itself is in the same JVM.
        StepVerifier.create(body.publishOn(Schedulers.boundedElastic(), 1)
                        .doOnNext(b -> {
                            long before = received.get();
                            long now = received.addAndGet(b.readableBytes());
                            b.release();
                            // Sample the retained heap four times along the way.
                            if (before / (12 * 1024 * 1024) != now / (12 * 1024 * 1024)) {
                                peak.accumulateAndGet(heapAfterGc(), Math::max);
                            }
                        })
                        .then())
                .expectComplete()
                .verify(Duration.ofSeconds(60));

        assertThat(received.get()).isEqualTo((long) count * chunk);
        assertThat(peak.get() - baseline).as("retained heap growth in bytes").isLessThan(8L * 1024 * 1024);
    }

    private HttpClient client() {
        return HttpClient.create()
                .baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                        .set("Content-Type", "application/json"));
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
