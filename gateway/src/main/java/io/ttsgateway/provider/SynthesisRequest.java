package io.ttsgateway.provider;

import java.util.Map;
import java.util.Objects;

/**
 * What one provider is asked to speak, after validation and voice mapping.
 *
 * @param text trimmed text, already checked against the length limit
 * @param voiceId the voice id in this provider's own namespace ({@code [A-Za-z0-9_-]{1,64}})
 * @param format the requested output format, always sent explicitly
 * @param requestId the gateway's request id, forwarded as {@code X-Request-Id}
 * @param options the optional body members passed through as they came: {@code model_id}, {@code voice_settings},
 *     {@code language_code}, {@code seed}, {@code previous_text}, {@code next_text}, {@code apply_text_normalization}
 * @param withTimestamps whether the provider is asked on its {@code …/with-timestamps} path (API.md §7): the answer is
 *     then ElevenLabs' JSON (whole) or one JSON object per line (stream), audio in base64 with its alignment
 */
public record SynthesisRequest(
        String text,
        String voiceId,
        OutputFormat format,
        String requestId,
        Map<String, Object> options,
        boolean withTimestamps) {

    public SynthesisRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(voiceId, "voiceId");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(requestId, "requestId");
        options = Map.copyOf(options);
    }

    /** Audio alone. */
    public SynthesisRequest(
            String text, String voiceId, OutputFormat format, String requestId, Map<String, Object> options) {
        this(text, voiceId, format, requestId, options, false);
    }
}
