package io.ttsgateway.provider.remote;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * In real time, with timeouts of a few hundred milliseconds: proving that a timer does not fire while nothing is
 * asked for needs time to pass with nothing scheduled, which Reactor's virtual clock defers to the next timer (it
 * would then fire at once).
 */
class DemandAwareTimeoutTest {

    private static final Duration FIRST = Duration.ofMillis(400);
    private static final Duration IDLE = Duration.ofMillis(200);

    @Test
    void shouldNotTimeOutWhileTheCallerAsksForNothing() {
        StepVerifier.create(DemandAwareTimeout.apply(silentAfter(1, 2), FIRST, IDLE), 0)
                .thenRequest(1)
                .expectNext(1)
                .expectNoEvent(IDLE.multipliedBy(4))
                .thenRequest(1)
                .expectNext(2)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void shouldTimeOutWhenAWantedItemIsLate() {
        StepVerifier.create(DemandAwareTimeout.apply(silentAfter(1), FIRST, IDLE), 0)
                .thenRequest(1)
                .expectNext(1)
                .expectNoEvent(IDLE.multipliedBy(3))
                .thenRequest(1)
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void shouldTimeOutWithoutAFirstItem() {
        StepVerifier.create(DemandAwareTimeout.apply(silentAfter(), FIRST, IDLE))
                .expectSubscription()
                .expectNoEvent(FIRST.minusMillis(100))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void shouldTimeOutBetweenItemsWhileTheCallerKeepsAsking() {
        StepVerifier.create(DemandAwareTimeout.apply(silentAfter(1, 2), FIRST, IDLE))
                .expectNext(1, 2)
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
    }

    private static Flux<Integer> silentAfter(Integer... items) {
        return Flux.just(items).concatWith(Flux.never());
    }
}
