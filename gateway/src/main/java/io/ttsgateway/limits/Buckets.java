package io.ttsgateway.limits;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.ttsgateway.auth.ClientLimits;
import java.time.Duration;
import java.time.Instant;

/** Bucket4j configuration and probe reading shared by both stores (API.md §4 "Rate"). Pure. */
final class Buckets {

    private Buckets() {}

    static BucketConfiguration configuration(ClientLimits limits) {
        return BucketConfiguration.builder()
                .addLimit(
                        l -> l.capacity(limits.burst()).refillGreedy(limits.requestsPerMinute(), Duration.ofMinutes(1)))
                .build();
    }

    /**
     * How a replica talks to a client's bucket in Redis. Exact by default: concurrent requests of one client are
     * combined into one compare-and-swap ({@code batching}) instead of racing each other's retries. A client with a
     * burst of {@value #SLACK_DIVISOR} or more is synchronized in the background ({@code delaying}): a replica then
     * takes up to a {@value #SLACK_DIVISOR}th of the burst locally, or for up to {@link #SYNC_EVERY}, before it
     * writes them to Redis, so such a client may pass its rate by that much per replica (README "Rates").
     */
    static Optimization optimization(ClientLimits limits) {
        long slack = limits.burst() / SLACK_DIVISOR;
        return slack >= 1 ? Optimizations.delaying(new DelayParameters(slack, SYNC_EVERY)) : Optimizations.batching();
    }

    static final int SLACK_DIVISOR = 20;
    static final Duration SYNC_EVERY = Duration.ofMillis(100);

    static RateDecision decision(ConsumptionProbe probe, ClientLimits limits, Instant now) {
        long retryAfter = probe.isConsumed() ? 0 : ceilSeconds(probe.getNanosToWaitForRefill());
        return new RateDecision(
                probe.isConsumed(),
                limits.burst(),
                probe.getRemainingTokens(),
                resetEpochSecond(now, probe.getNanosToWaitForReset()),
                retryAfter);
    }

    /** Without taking a token: the bucket is full again after the missing tokens have refilled. */
    static RateDecision peek(long available, ClientLimits limits, Instant now) {
        long missing = Math.max(0, limits.burst() - available);
        long nanos = missing * Duration.ofMinutes(1).toNanos() / limits.requestsPerMinute();
        return new RateDecision(available > 0, limits.burst(), available, resetEpochSecond(now, nanos), 0);
    }

    /**
     * {@code X-RateLimit-Reset} is absolute Unix seconds, never a delta (API.md §2), rounded up: a caller that waits
     * until that second finds the bucket full.
     */
    static long resetEpochSecond(Instant now, long nanosToReset) {
        Instant full = now.plusNanos(nanosToReset);
        return full.getNano() == 0 ? full.getEpochSecond() : full.getEpochSecond() + 1;
    }

    static long ceilSeconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
