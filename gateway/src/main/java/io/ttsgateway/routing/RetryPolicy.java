package io.ttsgateway.routing;

import io.ttsgateway.provider.ProviderFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * When to call the same provider again for whole audio (API.md §1 "Retries"). Pure: the failure, how many retries
 * were made and a random number in, the delay (or no retry) out.
 *
 * @param maxRetries {@code TTS_RETRY_MAX}: retries after the first call
 * @param backoff the first delay; each further retry doubles it
 * @param retryAfterMax the longest {@code Retry-After} worth waiting for
 */
public record RetryPolicy(int maxRetries, Duration backoff, Duration retryAfterMax) {

    /**
     * @param failure what the last call did
     * @param retriesSoFar retries already made (0 after the first call)
     * @param random a number in [0, 1) for jitter
     * @return how long to wait before calling again; empty to move on to the next provider
     */
    public Optional<Duration> delayFor(Throwable failure, long retriesSoFar, double random) {
        if (retriesSoFar >= maxRetries || !retryable(failure)) {
            return Optional.empty();
        }
        // Exponential from the base, plus up to half again as jitter so that replicas do not retry in lockstep.
        long base = backoff.toMillis() << Math.min(retriesSoFar, 20);
        Duration delay = Duration.ofMillis(base + (long) (base * 0.5 * random));
        if (failure instanceof ProviderFailure.Status status
                && status.retryAfter().isPresent()) {
            Duration asked = status.retryAfter().get();
            if (asked.compareTo(retryAfterMax) > 0) {
                return Optional.empty();
            }
            return Optional.of(asked.compareTo(delay) > 0 ? asked : delay);
        }
        return Optional.of(delay);
    }

    /** Connection errors (a reset part-way included), 502/503/504 and 429; never timeouts or other statuses. */
    static boolean retryable(Throwable failure) {
        if (failure instanceof ProviderFailure.Refused || failure instanceof ProviderFailure.Reset) {
            return true;
        }
        if (failure instanceof ProviderFailure.Status status) {
            int code = status.status();
            return code == 429 || code == 502 || code == 503 || code == 504;
        }
        return false;
    }
}
