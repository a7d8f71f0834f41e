package io.ttsgateway.observability;

import io.ttsgateway.auth.ApiKeys;

/** The only trace of a request's text that may be logged: its SHA-256 (API.md §5). */
public final class TextHash {

    private TextHash() {}

    public static String sha256(String text) {
        return ApiKeys.sha256Hex(text);
    }
}
