package io.ttsgateway.provider.remote;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A non-blocking check run every interval while the application runs: one check at a time (a slow one delays the
 * next rather than piling up), each bounded by a timeout, a failure or timeout reported as {@code false}.
 */
public abstract class PeriodicCheck implements SmartLifecycle {

    private final Duration interval;
    private final Duration timeout;
    private volatile Disposable running;

    protected PeriodicCheck(Duration interval, Duration timeout) {
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Whether this check applies at all (its provider is in the chain). */
    protected abstract boolean enabled();

    /** One check: true when it succeeded. */
    protected abstract Mono<Boolean> check();

    /** What to do with each result. */
    protected abstract void record(boolean ok);

    @Override
    public void start() {
        if (enabled() && running == null) {
            running = Flux.interval(Duration.ZERO, interval)
                    .onBackpressureDrop()
                    .concatMap(tick -> check().timeout(timeout).onErrorReturn(false), 1)
                    .subscribe(this::record);
        }
    }

    @Override
    public void stop() {
        Disposable r = running;
        if (r != null) {
            r.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
