package io.ttsgateway.config;

import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one way the gateway runs something on a schedule: non-blocking, one run at a time (a slow run delays the next
 * instead of piling up behind it: ticks that come while one runs are dropped), and a failed run never ends the
 * schedule.
 */
public final class Periodic {

    private Periodic() {}

    /**
     * Runs {@code task} every {@code interval}, the first time after {@code initialDelay}.
     *
     * @return what stops it
     */
    public static Disposable every(Duration initialDelay, Duration interval, Supplier<Mono<?>> task) {
        return Flux.interval(initialDelay, interval)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(task).onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
    }
}
