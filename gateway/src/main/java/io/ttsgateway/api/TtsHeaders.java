package io.ttsgateway.api;

import io.ttsgateway.routing.Attempt;
import io.ttsgateway.routing.Routed;
import org.springframework.http.HttpHeaders;

/** Response headers of a successful synthesis (API.md §2). */
public final class TtsHeaders {

    public static final String PROVIDER = "X-TTS-Provider";
    public static final String CHARACTERS = "X-TTS-Characters";
    public static final String FALLBACK_FROM = "X-TTS-Fallback-From";
    /** Beside the contract's list, why each was passed over: {@code phoenix=breaker-open, elevenlabs=status:503}. */
    public static final String FALLBACK_REASONS = "X-TTS-Fallback-Reasons";

    private TtsHeaders() {}

    public static void success(HttpHeaders headers, Routed<?> routed, int characters) {
        headers.set(PROVIDER, routed.provider());
        headers.set(CHARACTERS, Integer.toString(characters));
        if (!routed.fallbackFrom().isEmpty()) {
            headers.set(FALLBACK_FROM, String.join(",", routed.fallbackFrom()));
            headers.set(FALLBACK_REASONS, String.join(", ", routed.attempts().stream()
                    .filter(a -> !Attempt.OK.equals(a.outcome()))
                    .map(a -> a.provider() + "=" + a.outcome())
                    .toList()));
        }
        // Each answer is one caller's speech: no shared cache may keep it.
        headers.setCacheControl("no-store");
    }
}
