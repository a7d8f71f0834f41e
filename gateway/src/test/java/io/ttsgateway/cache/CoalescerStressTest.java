package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Many identical requests at once, from many threads, against calls that fail before audio, break after it or
 * succeed, with callers leaving part-way: no caller waits forever or gets a wrong byte, only complete audio is stored,
 * and nothing stays listed or running afterwards.
 */
class CoalescerStressTest {

    static final int CHUNKS = 30;

    static byte[] expected() {
        byte[] b = new byte[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @RepeatedTest(20)
    void shouldServeEveryCallerRightlyWhateverTheCallDoes() throws Exception {
        Coalescer<String> coalescer = new Coalescer<>(1 << 20);
        ConcurrentLinkedQueue<byte[]> stored = new ConcurrentLinkedQueue<>();
        AtomicInteger running = new AtomicInteger();
        int requests = 200;
        CountDownLatch done = new CountDownLatch(requests);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        for (int r = 0; r < requests; r++) {
            Schedulers.parallel().schedule(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                Optional<Flight<String>.Seat> joined = coalescer.join("k");
                Flight<String>.Seat seat;
                if (joined.isPresent()) {
                    seat = joined.get();
                } else {
                    Coalescer.Boarding<String> b =
                            coalescer.joinOrLead("k", (made, audio) -> Mono.fromRunnable(() -> stored.add(audio)));
                    seat = b.seat();
                    if (b.leads()) {
                        int mode = rnd.nextInt(4); // 0 fail before audio, 1 fail after, else ok
                        Flux<byte[]> audio = Flux.range(0, CHUNKS)
                                .map(i -> new byte[] {i.byteValue()})
                                .delayElements(Duration.ofMillis(1), Schedulers.parallel())
                                .concatWith(mode == 1 ? Mono.error(new IllegalStateException("cut")) : Mono.empty())
                                .doOnSubscribe(s -> running.incrementAndGet())
                                .doFinally(s -> running.decrementAndGet());
                        Mono<Flight.Departure<String>> dep = mode == 0
                                ? Mono.delay(Duration.ofMillis(2)).then(Mono.error(new IllegalStateException("503")))
                                : Mono.delay(Duration.ofMillis(rnd.nextInt(3)))
                                        .thenReturn(new Flight.Departure<>("p", audio));
                        b.leading().depart(dep);
                    }
                }
                int cancelAfter = rnd.nextInt(5) == 0 ? rnd.nextInt(CHUNKS) : -1;
                Flux<byte[]> flux = seat.ride().flatMapMany(Flight.Ride::audio);
                if (cancelAfter >= 0) {
                    flux = flux.take(cancelAfter + 1, true);
                }
                final int ca = cancelAfter;
                flux.collectList()
                        .timeout(Duration.ofSeconds(5))
                        .subscribe(
                                list -> {
                                    byte[] got = join(list);
                                    if (ca < 0 && !java.util.Arrays.equals(got, expected())) {
                                        problems.add("incomplete " + got.length);
                                    }
                                    if (ca >= 0) {
                                        byte[] want = java.util.Arrays.copyOf(expected(), Math.min(ca + 1, got.length));
                                        if (!java.util.Arrays.equals(got, want)) {
                                            problems.add("prefix wrong");
                                        }
                                    }
                                    done.countDown();
                                },
                                e -> {
                                    if (e instanceof java.util.concurrent.TimeoutException) {
                                        problems.add("timeout");
                                    }
                                    done.countDown();
                                });
            });
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(problems).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> coalescer.inFlight() == 0 && running.get() == 0);
        assertThat(stored).allSatisfy(s -> assertThat(s).isEqualTo(expected()));
    }

    static byte[] join(List<byte[]> chunks) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
