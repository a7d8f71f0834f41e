package io.ttsgateway.cache;

import java.util.Locale;

/** How the cache took part in one answer: {@code X-TTS-Cache} and {@code tts_cache_requests_total{result}}. */
public enum CacheResult {
    /** Served from a stored entry, no provider called. */
    HIT,
    /** Read and not found: this request called a provider (and its audio may be stored). */
    MISS,
    /** Joined an identical request's provider call in flight. */
    COALESCED,
    /** Not read: the cache is off, the client opted out, or the caller sent {@code no-cache} or {@code no-store}. */
    BYPASS;

    /** The {@code X-TTS-Cache} value. */
    public String header() {
        return name();
    }

    /** The metric's {@code result} tag and the access log's {@code cache}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the caller is charged: only a request that called a provider is. */
    public boolean charged() {
        return this == MISS || this == BYPASS;
    }
}
