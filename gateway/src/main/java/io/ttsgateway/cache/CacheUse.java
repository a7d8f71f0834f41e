package io.ttsgateway.cache;

import java.util.List;
import java.util.Locale;

/** What one request may do with the cache (API.md §9). Pure. */
public enum CacheUse {
    /** Answer from an entry or a flight in progress; store what a provider makes. */
    READ_AND_STORE,
    /** {@code Cache-Control: no-cache}: fresh audio from a provider, then stored. */
    STORE_ONLY,
    /** Neither read nor stored: the cache is off, the client opted out, or {@code no-store}. */
    NONE;

    /**
     * @param scope {@code TTS_CACHE}
     * @param clientAllows the client's {@code cache} setting in clients.yml
     * @param cacheControl the request's {@code Cache-Control} header values (directives are case-insensitive)
     */
    public static CacheUse decide(CacheScope scope, boolean clientAllows, List<String> cacheControl) {
        if (scope == CacheScope.OFF || !clientAllows) {
            return NONE;
        }
        boolean noCache = false;
        for (String value : cacheControl) {
            for (String directive : value.split(",")) {
                String name = directive.strip().toLowerCase(Locale.ROOT);
                int equals = name.indexOf('=');
                name = equals < 0 ? name : name.substring(0, equals).strip();
                if (name.equals("no-store")) {
                    return NONE;
                }
                noCache |= name.equals("no-cache");
            }
        }
        return noCache ? STORE_ONLY : READ_AND_STORE;
    }
}
