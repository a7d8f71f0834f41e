package io.ttsgateway.limits;

/**
 * A limit refused the request: 429 with one of the contract's slugs ({@code rate-limited}, {@code budget-exhausted},
 * {@code too-many-streams}) and {@code Retry-After} in seconds.
 */
public final class LimitExceeded extends RuntimeException {

    private final String slug;
    private final long retryAfterSeconds;

    public LimitExceeded(String slug, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.slug = slug;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String slug() {
        return slug;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
