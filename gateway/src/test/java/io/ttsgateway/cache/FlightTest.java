package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** One shared call, many passengers: replay then live, abandoned when empty, stored only when whole. */
class FlightTest {

    private final ConcurrentLinkedQueue<String> landed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger closed = new AtomicInteger();

    private Flight<String> flight(long keepLimit) {
        return new Flight<>(
                keepLimit,
                (made, audio) -> Mono.fromRunnable(() -> landed.add(made + ":" + new String(audio))),
                f -> closed.incrementAndGet());
    }

    @Test
    void shouldGiveALatePassengerWhatItMissedThenTheRest() {
        Flight<String> flight = flight(1024);
        Sinks.Many<byte[]> audio = Sinks.many().unicast().onBackpressureBuffer();
        Flight<String>.Seat first = flight.board().orElseThrow();
        flight.depart(Mono.just(new Flight.Departure<>("phoenix", audio.asFlux())));
        audio.tryEmitNext("ab".getBytes());
        Flight<String>.Seat late = flight.board().orElseThrow();
        audio.tryEmitNext("cd".getBytes());
        audio.tryEmitComplete();

        assertThat(text(first)).isEqualTo("abcd");
        assertThat(text(late)).isEqualTo("abcd");
        assertThat(landed).containsExactly("phoenix:abcd");
        assertThat(closed).hasValue(1);
        assertThat(flight.board()).isEmpty();
        assertThat(first.ride().block().landed()).isFalse();
    }

    @Test
    void shouldTellAPassengerWhoBoardsWhileTheAudioIsStoredThatTheCallHadEnded() {
        Sinks.One<Void> storing = Sinks.one();
        Flight<String> flight = new Flight<>(1024, (made, audio) -> storing.asMono(), f -> {});
        flight.board().orElseThrow();
        flight.depart(Mono.just(new Flight.Departure<>("phoenix", Flux.just("ab".getBytes()))));
        Flight.Ride<String> late = flight.board().orElseThrow().ride().block(Duration.ofSeconds(5));
        assertThat(late.landed()).isTrue();
        assertThat(late.audio().collectList().block(Duration.ofSeconds(5))).hasSize(1);
        storing.tryEmitEmpty();
    }

    @Test
    void shouldCarryOnForOthersWhenTheFirstPassengerLeaves() {
        Flight<String> flight = flight(1024);
        Sinks.Many<byte[]> audio = Sinks.many().unicast().onBackpressureBuffer();
        Flight<String>.Seat leader = flight.board().orElseThrow();
        Flight<String>.Seat other = flight.board().orElseThrow();
        AtomicBoolean cancelled = new AtomicBoolean();
        flight.depart(
                Mono.just(new Flight.Departure<>("phoenix", audio.asFlux().doOnCancel(() -> cancelled.set(true)))));
        audio.tryEmitNext("ab".getBytes());
        leader.leave();
        audio.tryEmitNext("cd".getBytes());
        audio.tryEmitComplete();

        assertThat(cancelled).isFalse();
        assertThat(text(other)).isEqualTo("abcd");
        assertThat(landed).containsExactly("phoenix:abcd");
    }

    @Test
    void shouldCancelTheCallAndStoreNothingWhenTheLastPassengerLeaves() {
        Flight<String> flight = flight(1024);
        Sinks.Many<byte[]> audio = Sinks.many().multicast().onBackpressureBuffer();
        AtomicBoolean cancelled = new AtomicBoolean();
        Flight<String>.Seat only = flight.board().orElseThrow();
        flight.depart(
                Mono.just(new Flight.Departure<>("phoenix", audio.asFlux().doOnCancel(() -> cancelled.set(true)))));
        audio.tryEmitNext("ab".getBytes());
        StepVerifier.create(only.ride().flatMapMany(Flight.Ride::audio))
                .expectNextCount(1)
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(cancelled).isTrue();
        assertThat(landed).isEmpty();
        assertThat(closed).hasValue(1);
        assertThat(flight.board()).isEmpty();
    }

    @Test
    void shouldCancelTheCallWhenTheOnlyPassengerLeavesBeforeAudio() {
        Flight<String> flight = flight(1024);
        AtomicBoolean cancelled = new AtomicBoolean();
        Flight<String>.Seat only = flight.board().orElseThrow();
        flight.depart(Mono.<Flight.Departure<String>>never().doOnCancel(() -> cancelled.set(true)));
        StepVerifier.create(only.ride()).thenCancel().verify(Duration.ofSeconds(5));
        assertThat(cancelled).isTrue();
        assertThat(closed).hasValue(1);
    }

    @Test
    void shouldFailEveryWaitingPassengerWithTheCallsFailureBeforeAudio() {
        Flight<String> flight = flight(1024);
        Flight<String>.Seat a = flight.board().orElseThrow();
        Flight<String>.Seat b = flight.board().orElseThrow();
        flight.depart(Mono.error(new IllegalStateException("phoenix 503")));
        StepVerifier.create(a.ride()).expectErrorMessage("phoenix 503").verify(Duration.ofSeconds(5));
        StepVerifier.create(b.ride()).expectErrorMessage("phoenix 503").verify(Duration.ofSeconds(5));
        assertThat(flight.board()).isEmpty();
        assertThat(landed).isEmpty();
    }

    @Test
    void shouldBreakEveryPassengersAudioOnAFailureAfterAudioAndStoreNothing() {
        Flight<String> flight = flight(1024);
        Flight<String>.Seat a = flight.board().orElseThrow();
        flight.depart(Mono.just(new Flight.Departure<>(
                "phoenix", Flux.just("ab".getBytes()).concatWith(Mono.error(new IllegalStateException("reset"))))));
        StepVerifier.create(a.ride().flatMapMany(Flight.Ride::audio))
                .expectNextCount(1)
                .expectErrorMessage("reset")
                .verify(Duration.ofSeconds(5));
        assertThat(landed).isEmpty();
    }

    @Test
    void shouldStopBoardingAndStoringPastTheKeepLimitWhileThoseAboardGetEverything() {
        Flight<String> flight = flight(3);
        Sinks.Many<byte[]> audio = Sinks.many().unicast().onBackpressureBuffer();
        Flight<String>.Seat a = flight.board().orElseThrow();
        flight.depart(Mono.just(new Flight.Departure<>("phoenix", audio.asFlux())));
        audio.tryEmitNext("ab".getBytes());
        assertThat(flight.board()).isPresent().get().satisfies(Flight.Seat::leave);
        audio.tryEmitNext("cd".getBytes());
        assertThat(flight.board()).isEmpty();
        assertThat(closed).hasValue(1);
        audio.tryEmitComplete();
        assertThat(text(a)).isEqualTo("abcd");
        assertThat(landed).isEmpty();
    }

    @Test
    void shouldAskTheCallForNoMoreThanTheSlowestPassengerLetsThrough() {
        Flight<String> flight = flight(1 << 20);
        AtomicInteger produced = new AtomicInteger();
        Flight<String>.Seat reader = flight.board().orElseThrow();
        Flight<String>.Seat staller = flight.board().orElseThrow();
        flight.depart(Mono.just(new Flight.Departure<>(
                "phoenix", Flux.range(0, 10_000).map(i -> new byte[] {1}).doOnNext(b -> produced.incrementAndGet()))));

        // Neither takes anything: the call stops at the window.
        Flight.Ride<String> slow = staller.ride().block(Duration.ofSeconds(5));
        StepVerifier.create(reader.ride().flatMapMany(Flight.Ride::audio), 0)
                .expectSubscription()
                .then(() -> assertThat(produced).hasValue(Flight.WINDOW))
                // One reads on: the other, reading nothing, still holds the call at the window.
                .thenRequest(100)
                .expectNextCount(Flight.WINDOW)
                .then(() -> assertThat(produced).hasValue(Flight.WINDOW))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        // The reader gone, the staller takes 5: the call is asked for 5 more.
        StepVerifier.create(slow.audio(), 5)
                .expectNextCount(5)
                .then(() -> assertThat(produced).hasValue(Flight.WINDOW + 5))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    /** Passengers boarding from many threads while chunks flow each get every byte once, in order. */
    @RepeatedTest(20)
    void shouldGiveEveryPassengerTheSameBytesWhenTheyBoardWhileChunksFlow() throws Exception {
        Flight<String> flight = flight(1 << 20);
        Flight<String>.Seat leader = flight.board().orElseThrow();
        int chunks = 200;
        flight.depart(Mono.just(new Flight.Departure<>(
                "phoenix",
                Flux.range(0, chunks).map(i -> new byte[] {i.byteValue()}).publishOn(Schedulers.parallel(), 1))));
        int passengers = 32;
        CountDownLatch done = new CountDownLatch(passengers);
        ConcurrentLinkedQueue<byte[]> answers = new ConcurrentLinkedQueue<>();
        for (int p = 0; p < passengers; p++) {
            Schedulers.parallel().schedule(() -> {
                flight.board()
                        .ifPresentOrElse(
                                seat -> seat.ride()
                                        .flatMap(ride -> ride.audio().collectList())
                                        .subscribe(list -> {
                                            answers.add(join(list));
                                            done.countDown();
                                        }),
                                done::countDown);
            });
        }
        byte[] expected = new byte[chunks];
        for (int i = 0; i < chunks; i++) {
            expected[i] = (byte) i;
        }
        assertThat(leader.ride()
                        .flatMap(r -> r.audio().collectList())
                        .map(FlightTest::join)
                        .block(Duration.ofSeconds(5)))
                .isEqualTo(expected);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(answers).allSatisfy(answer -> assertThat(answer).isEqualTo(expected));
    }

    private static String text(Flight<String>.Seat seat) {
        return new String(seat.ride()
                .flatMap(ride -> ride.audio().collectList())
                .map(FlightTest::join)
                .block(Duration.ofSeconds(5)));
    }

    private static byte[] join(List<byte[]> chunks) {
        int size = chunks.stream().mapToInt(c -> c.length).sum();
        byte[] whole = new byte[size];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, whole, at, c.length);
            at += c.length;
        }
        return whole;
    }
}
