package io.ttsgateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.ProviderHealth;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;

/**
 * Everything that can keep one provider from being called: its health probe, its spent quota and its circuit breaker
 * (API.md §1 "Resilience").
 *
 * <p>The breaker is driven through its permission API rather than {@code CircuitBreakerOperator}: the operator times
 * a call from subscription to completion, but the contract's slow call is "no first byte within 5 s, on every path",
 * and a long whole-audio answer that started at once is not slow. So the duration recorded is the time to the first
 * byte (or to the failure, when none came), and a call is recorded once, when its audio ends.
 */
public final class ProviderGuard {

    /** The provider's state as {@code /ready} reports it. */
    public enum State {
        UP,
        DOWN,
        OPEN,
        CAPPED
    }

    /** No first byte yet. */
    private static final long NONE = -1;

    private final String provider;
    private final CircuitBreaker breaker;
    private final ProviderHealth health;

    public ProviderGuard(String provider, CircuitBreaker breaker, ProviderHealth health) {
        this.provider = provider;
        this.breaker = breaker;
        this.health = health;
    }

    public ProviderHealth health() {
        return health;
    }

    /** Why the provider must be skipped without a call, if it must: an attempt outcome of API.md §2. */
    public Optional<String> unavailable() {
        if (health.isDown()) {
            return Optional.of("down");
        }
        if (health.isQuotaExhausted()) {
            return Optional.of(FailurePolicy.QUOTA_EXCEEDED);
        }
        if (refusesCalls()) {
            return Optional.of("breaker-open");
        }
        return Optional.empty();
    }

    /**
     * Whether the breaker would refuse a call now. An open breaker is asked rather than read: asking is how it
     * notices, on its own clock, that its wait is over (it moves to half-open and grants a trial call, handed back
     * here so that the call itself takes it). Reading the state alone would wait for Resilience4j's scheduler, which
     * runs on real time whatever the breaker's clock says.
     */
    private boolean refusesCalls() {
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.FORCED_OPEN) {
            return true;
        }
        if (state != CircuitBreaker.State.OPEN) {
            return false;
        }
        if (!breaker.tryAcquirePermission()) {
            return true;
        }
        breaker.releasePermission();
        return false;
    }

    /** As {@code /ready} reports it: a read without side effects, so an open breaker is OPEN until asked for a call. */
    public State state() {
        if (health.isDown()) {
            return State.DOWN;
        }
        if (health.isQuotaExhausted()) {
            return State.CAPPED;
        }
        return isOpen() ? State.OPEN : State.UP;
    }

    private boolean isOpen() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * One call through the breaker. Refused by the breaker (open, or half-open with its trial calls taken), the call
     * is never made and fails with {@link ProviderFailure.NotCalled}.
     */
    public Flux<DataBuffer> call(Supplier<Flux<DataBuffer>> call) {
        return Flux.defer(() -> {
            if (!breaker.tryAcquirePermission()) {
                return Flux.error(new ProviderFailure.NotCalled(provider, "breaker-open"));
            }
            long start = breaker.getCurrentTimestamp();
            AtomicLong firstByte = new AtomicLong(NONE);
            AtomicReference<Throwable> error = new AtomicReference<>();
            return call.get()
                    .doOnNext(b -> firstByte.compareAndSet(NONE, elapsedSince(start)))
                    .doOnError(error::set)
                    .doFinally(signal -> record(signal, start, firstByte.get(), error.get()));
        });
    }

    /** On the breaker's own clock, in its own unit; never negative, even if a wall clock stepped back meanwhile. */
    private long elapsedSince(long start) {
        return Math.max(0, breaker.getCurrentTimestamp() - start);
    }

    private void record(SignalType signal, long start, long firstByte, Throwable error) {
        long duration = firstByte != NONE ? firstByte : elapsedSince(start);
        TimeUnit unit = breaker.getTimestampUnit();
        if (signal == SignalType.ON_ERROR && error != null) {
            breaker.onError(duration, unit, error);
        } else if (signal == SignalType.CANCEL && firstByte == NONE) {
            // The caller went away (or another provider's answer won) before this one said anything: no verdict.
            breaker.releasePermission();
        } else {
            breaker.onSuccess(duration, unit);
        }
    }
}
