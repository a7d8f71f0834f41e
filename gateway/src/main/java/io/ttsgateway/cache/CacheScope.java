package io.ttsgateway.cache;

import io.ttsgateway.config.InvalidSettingException;
import java.util.Locale;

/** {@code TTS_CACHE} (API.md §9): whose entries a request may be answered from. */
public enum CacheScope {
    /** A client only ever gets hits from its own requests: the client's id is part of every key. */
    CLIENT,
    /** Every client of this gateway shares entries. */
    SHARED,
    /** No cache and no coalescing. */
    OFF;

    static CacheScope parse(String value) {
        String name = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (CacheScope scope : values()) {
            if (scope.name().equals(name)) {
                return scope;
            }
        }
        throw new InvalidSettingException("TTS_CACHE", "'" + value + "' is not one of client, shared, off");
    }
}
