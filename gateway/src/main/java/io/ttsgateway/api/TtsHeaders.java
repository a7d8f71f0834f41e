package io.ttsgateway.api;

import io.ttsgateway.cache.CacheResult;
import io.ttsgateway.routing.Attempt;
import io.ttsgateway.routing.Routed;
import java.util.List;
import org.springframework.http.HttpHeaders;

/** Response headers of a successful synthesis (API.md §2). */
public final class TtsHeaders {

    public static final String PROVIDER = "X-TTS-Provider";
    public static final String CHARACTERS = "X-TTS-Characters";
    public static final String FALLBACK_FROM = "X-TTS-Fallback-From";
    /** {@code HIT}, {@code MISS}, {@code COALESCED} or {@code BYPASS} (API.md §9). */
    public static final String CACHE = "X-TTS-Cache";
    /** Beside the contract's list, why each was passed over: {@code phoenix=breaker-open, elevenlabs=status:503}. */
    public static final String FALLBACK_REASONS = "X-TTS-Fallback-Reasons";

    /** The client's bucket: its capacity ({@code burst}), tokens left, and when it is full again (Unix seconds). */
    public static final String RATE_LIMIT = "X-RateLimit-Limit";

    public static final String RATE_REMAINING = "X-RateLimit-Remaining";
    public static final String RATE_RESET = "X-RateLimit-Reset";

    /** On every answer of API.md §2, success or not. */
    public static final String REQUEST_ID = "X-Request-Id";

    /** Every header a browser script may read: the exposed headers of CORS. */
    public static final List<String> EXPOSED = List.of(
            PROVIDER,
            CHARACTERS,
            CACHE,
            FALLBACK_FROM,
            FALLBACK_REASONS,
            RATE_LIMIT,
            RATE_REMAINING,
            RATE_RESET,
            REQUEST_ID);

    private TtsHeaders() {}

    /** @param charged characters charged: 0 for audio from the cache or from an identical request's call */
    public static void success(HttpHeaders headers, Routed<?> routed, int charged, CacheResult cache) {
        headers.set(PROVIDER, routed.provider());
        headers.set(CHARACTERS, Integer.toString(charged));
        headers.set(CACHE, cache.header());
        if (!routed.fallbackFrom().isEmpty()) {
            headers.set(FALLBACK_FROM, String.join(",", routed.fallbackFrom()));
            headers.set(
                    FALLBACK_REASONS,
                    String.join(
                            ", ",
                            routed.attempts().stream()
                                    .filter(a -> !Attempt.OK.equals(a.outcome()))
                                    .map(a -> a.provider() + "=" + a.outcome())
                                    .toList()));
        }
        // Each answer is one caller's speech: no shared cache may keep it.
        headers.setCacheControl("no-store");
    }
}
