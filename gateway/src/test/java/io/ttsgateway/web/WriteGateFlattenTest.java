package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A stream's chunks arrive as one-value groups on the provider connection's thread and are asked for one at a time
 * from the caller connection's thread. Each must be written exactly once and in order: a chunk written twice breaks
 * the answer (its buffer is released by the first write) and the chunk skipped leaks.
 */
class WriteGateFlattenTest {

    private static final int CHUNKS = 300;

    private final Scheduler provider = Schedulers.newSingle("provider");
    private final Scheduler callerLoop = Schedulers.newSingle("caller");

    @AfterEach
    void stop() {
        provider.dispose();
        callerLoop.dispose();
    }

    @Test
    void shouldDeliverEveryChunkOnceAndInOrderWhenRequestsComeFromAnotherThread() {
        List<Integer> expected = IntStream.range(0, CHUNKS).boxed().toList();
        for (int run = 0; run < 300; run++) {
            // Chunks arrive when the network delivers them, on the provider connection's thread, whether or not
            // the caller has asked for one yet.
            Flux<Mono<Integer>> groups = Flux.range(0, CHUNKS)
                    .publishOn(provider, 1)
                    .doOnNext(i -> spin(ThreadLocalRandom.current().nextInt(20_000)))
                    .map(Mono::just);

            // As the gate does: each chunk waits for the caller's connection, on that connection's thread.
            List<Integer> received = WriteGateFilter.flatten(groups)
                    .doOnNext(i -> spin(ThreadLocalRandom.current().nextInt(20_000)))
                    .concatMap(
                            chunk -> Mono.just(chunk)
                                    .delayUntil(c -> Mono.fromRunnable(() -> {}).subscribeOn(callerLoop)),
                            0)
                    .collectList()
                    .block(Duration.ofSeconds(10));

            assertThat(received).as("run %d", run).isEqualTo(expected);
        }
    }

    private static void spin(int nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            // busy, as a thread that is elsewhere before it gets to this chunk
        }
    }
}
