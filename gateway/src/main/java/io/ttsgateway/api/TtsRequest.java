package io.ttsgateway.api;

import io.ttsgateway.provider.OutputFormat;
import java.util.Map;

/**
 * A valid body of {@code POST /v1/tts} (API.md §2).
 *
 * @param text trimmed text, 1 to {@code TTS_MAX_TEXT_CHARS} code points
 * @param voiceId the app's {@code voice_id}, null for the default voice
 * @param format output format
 * @param options optional members passed through to providers, as plain Java values
 */
public record TtsRequest(String text, String voiceId, OutputFormat format, Map<String, Object> options) {

    public TtsRequest {
        options = Map.copyOf(options);
    }

    /** What the request costs: Unicode code points of the trimmed text (API.md §4). */
    public int characters() {
        return text.codePointCount(0, text.length());
    }
}
