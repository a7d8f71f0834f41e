package io.ttsgateway.observability;

import java.time.Duration;

/**
 * Meter names of API.md §5, as Micrometer names: the Prometheus registry turns {@code tts.requests} into
 * {@code tts_requests_total} and a timer {@code tts.request.duration} into {@code tts_request_duration_seconds}.
 */
public final class MeterNames {

    public static final String REQUESTS = "tts.requests";
    public static final String DURATION = "tts.request.duration";
    public static final String TIME_TO_FIRST_BYTE = "tts.time.to.first.byte";
    public static final String CHARACTERS = "tts.characters";
    public static final String FALLBACKS = "tts.fallbacks";
    public static final String REJECTIONS = "tts.rejections";
    public static final String PROVIDER_UP = "tts.provider.up";
    public static final String BUDGET_USED_RATIO = "tts.budget.used.ratio";
    public static final String CACHE_REQUESTS = "tts.cache.requests";
    public static final String CACHE_BYTES = "tts.cache.bytes";
    /** Not in API.md §5: how WebSocket conversations (§8) ended, by close code and reason. */
    public static final String CONNECTION_CLOSES = "tts.connection.closes";

    /** Speech timings span tens of milliseconds (a cached first byte) to the 30 s whole-request limit. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(1500),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private MeterNames() {}
}
