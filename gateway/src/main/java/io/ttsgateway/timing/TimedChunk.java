package io.ttsgateway.timing;

import java.util.Base64;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One piece of an answer with timestamps: its audio, and when each of its characters is spoken, as the provider wrote
 * them ({@code alignment}) and after its text normalization ({@code normalized}: "5" spoken as "five").
 */
public record TimedChunk(byte[] audio, Alignment alignment, Alignment normalized) {

    public TimedChunk {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(alignment, "alignment");
        Objects.requireNonNull(normalized, "normalized");
    }

    /**
     * One object of a provider's {@code …/with-timestamps} answer: {@code audio_base64}, {@code alignment},
     * {@code normalized_alignment} (each may be null on a chunk that carries only audio).
     *
     * @throws IllegalArgumentException when it is not that shape
     */
    public static TimedChunk fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a line of a timestamped answer must be a JSON object");
        }
        JsonNode audio = node.path("audio_base64");
        byte[] bytes = audio.isString() ? Base64.getDecoder().decode(audio.asString()) : new byte[0];
        return new TimedChunk(
                bytes, Alignment.fromJson(node.get("alignment")), Alignment.fromJson(node.get("normalized_alignment")));
    }

    public TimedChunk shifted(double seconds) {
        return new TimedChunk(audio, alignment.shifted(seconds), normalized.shifted(seconds));
    }
}
