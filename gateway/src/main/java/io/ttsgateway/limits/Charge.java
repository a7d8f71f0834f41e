package io.ttsgateway.limits;

import java.time.Duration;

/**
 * One counter a reservation adds to.
 *
 * @param key where the counter lives
 * @param limit the most it may reach, -1 for no limit (still counted, for {@code /v1/usage})
 * @param ttl how long the counter must outlive its last change: past the end of its window, so it expires on its own
 */
public record Charge(String key, long limit, Duration ttl) {

    public static final long UNLIMITED = -1;

    public boolean limited() {
        return limit >= 0;
    }
}
