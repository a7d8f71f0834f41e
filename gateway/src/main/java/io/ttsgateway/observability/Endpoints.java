package io.ttsgateway.observability;

import org.springframework.http.HttpMethod;

/** The {@code endpoint} tag: a route template, never a raw path (voice ids must not become tag values). Pure. */
final class Endpoints {

    private Endpoints() {}

    static String of(HttpMethod method, String path) {
        if (path.startsWith("/v1/text-to-speech/")) {
            return path.endsWith("/stream") ? "/v1/text-to-speech/{voice_id}/stream" : "/v1/text-to-speech/{voice_id}";
        }
        return switch (path) {
            case "/v1/tts", "/v1/tts/tokens", "/v1/audio/speech", "/v1/usage", "/v1/voices" -> path;
            case "/v1/tts/stream" -> HttpMethod.GET.equals(method) ? "/v1/tts/stream (browser)" : path;
            default -> "other";
        };
    }

    /** Synthesis endpoints get the request metrics; the rest is only logged. */
    static boolean synthesis(String endpoint) {
        return endpoint.startsWith("/v1/tts/stream") || endpoint.equals("/v1/tts") || endpoint.equals("/v1/audio/speech")
                || endpoint.startsWith("/v1/text-to-speech/");
    }
}
