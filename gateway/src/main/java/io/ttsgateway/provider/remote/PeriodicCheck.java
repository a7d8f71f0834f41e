package io.ttsgateway.provider.remote;

import io.ttsgateway.config.Periodic;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A non-blocking check run every interval while the application runs: one check at a time (a slow one delays the
 * next rather than piling up), each bounded by a timeout, a failure or timeout reported as {@code false}.
 *
 * <p>It runs only once {@link #activate() activated}: its provider's package activates it when the provider is
 * created for the chain, so a provider that is configured but not in the chain is never checked. The application's
 * lifecycle still decides when checks start and stop: they run while both say so, in whichever order they do.
 */
public abstract class PeriodicCheck implements SmartLifecycle {

    private final Duration interval;
    private final Duration timeout;
    private boolean active;
    private boolean started;
    private Disposable running;

    protected PeriodicCheck(Duration interval, Duration timeout) {
        this.interval = interval;
        this.timeout = timeout;
    }

    /** One check: true when it succeeded. */
    protected abstract Mono<Boolean> check();

    /** What to do with each result. */
    protected abstract void record(boolean ok);

    /** Its provider is in use: check while the application runs. */
    public synchronized void activate() {
        active = true;
        runIfWanted();
    }

    @Override
    public synchronized void start() {
        started = true;
        runIfWanted();
    }

    private void runIfWanted() {
        if (active && started && running == null) {
            running = Periodic.every(
                    Duration.ZERO,
                    interval,
                    () -> check().timeout(timeout).onErrorReturn(false).doOnNext(this::record));
        }
    }

    @Override
    public synchronized void stop() {
        started = false;
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return started;
    }
}
