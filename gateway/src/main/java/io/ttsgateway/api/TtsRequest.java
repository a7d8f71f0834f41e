package io.ttsgateway.api;

import io.ttsgateway.provider.OutputFormat;
import java.util.Map;

/**
 * A valid body of {@code POST /v1/tts} (API.md §2), or of its {@code …/with-timestamps} variants (§7).
 *
 * @param text trimmed text, 1 to {@code TTS_MAX_TEXT_CHARS} code points
 * @param voiceId the app's {@code voice_id}, null for the default voice
 * @param format output format
 * @param options optional members passed through to providers, as plain Java values
 * @param timing what comes with the audio: nothing, its alignment, or its alignment and visemes
 */
public record TtsRequest(String text, String voiceId, OutputFormat format, Map<String, Object> options, Timing timing) {

    /** What an answer carries besides audio (API.md §7); part of the cache key (§9). */
    public enum Timing {
        AUDIO_ONLY("audio"),
        TIMESTAMPS("timestamps"),
        TIMESTAMPS_AND_VISEMES("timestamps+visemes:oculus");

        private final String key;

        Timing(String key) {
            this.key = key;
        }

        /** How the cache key names it. */
        public String key() {
            return key;
        }

        public boolean withTimestamps() {
            return this != AUDIO_ONLY;
        }
    }

    public TtsRequest {
        options = Map.copyOf(options);
    }

    public TtsRequest(String text, String voiceId, OutputFormat format, Map<String, Object> options) {
        this(text, voiceId, format, options, Timing.AUDIO_ONLY);
    }

    /** What the request costs: Unicode code points of the trimmed text (API.md §4). */
    public int characters() {
        return text.codePointCount(0, text.length());
    }

    public TtsRequest withTiming(Timing timing) {
        return new TtsRequest(text, voiceId, format, options, timing);
    }
}
