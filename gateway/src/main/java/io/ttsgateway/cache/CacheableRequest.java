package io.ttsgateway.cache;

import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides what audio a request gets, and so what its cache entry is (API.md §9): a request is keyed
 * after its surface's fields were mapped to the native request, so every surface and endpoint shares entries.
 *
 * @param scope whose entries these are: {@code client:<id>} or {@code shared}
 * @param voice the resolved logical voice (the default voice when the request named none)
 * @param format the output format's name
 * @param variant what the answer carries besides audio: {@code audio} alone, or the timestamps/visemes options
 * @param options every other member passed to providers ({@code model_id}, {@code voice_settings}, {@code seed}, …),
 *     as plain Java values
 * @param text the request's text as sent; the key normalizes it
 */
public record CacheableRequest(
        String scope, String voice, String format, String variant, Map<String, Object> options, String text) {

    public static final String AUDIO = "audio";

    public CacheableRequest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(text, "text");
        options = Map.copyOf(options);
    }

    public static String clientScope(String clientId) {
        return "client:" + clientId;
    }

    public static String sharedScope() {
        return "shared";
    }
}
