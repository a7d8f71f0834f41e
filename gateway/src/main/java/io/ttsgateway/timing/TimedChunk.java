package io.ttsgateway.timing;

import java.util.Base64;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One piece of an answer with timestamps: its audio, and when each of its characters is spoken, as the provider wrote
 * them ({@code alignment}) and after its text normalization ({@code normalized}: "5" spoken as "five"); and, from a
 * provider that knows them (the local engine), the phones it spoke ({@code phones}, one name per entry).
 */
public record TimedChunk(byte[] audio, Alignment alignment, Alignment normalized, Alignment phones) {

    public TimedChunk {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(alignment, "alignment");
        Objects.requireNonNull(normalized, "normalized");
        Objects.requireNonNull(phones, "phones");
    }

    public TimedChunk(byte[] audio, Alignment alignment, Alignment normalized) {
        this(audio, alignment, normalized, Alignment.EMPTY);
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
                bytes,
                Alignment.fromJson(node.get("alignment")),
                Alignment.fromJson(node.get("normalized_alignment")),
                phones(node.get("phones")));
    }

    /** {@code {"names": [...], "start_times_seconds": [...], "end_times_seconds": [...]}}, or none. */
    private static Alignment phones(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Alignment.EMPTY;
        }
        JsonNode names = node.path("names");
        JsonNode starts = node.path("start_times_seconds");
        JsonNode ends = node.path("end_times_seconds");
        if (!names.isArray()
                || !starts.isArray()
                || !ends.isArray()
                || names.size() != starts.size()
                || names.size() != ends.size()) {
            throw new IllegalArgumentException("phones need names and their start and end times");
        }
        java.util.List<String> list = new java.util.ArrayList<>();
        double[] s = new double[names.size()];
        double[] e = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            list.add(names.get(i).asString());
            s[i] = starts.get(i).asDouble();
            e[i] = ends.get(i).asDouble();
        }
        return new Alignment(list, s, e);
    }

    public TimedChunk shifted(double seconds) {
        return new TimedChunk(audio, alignment.shifted(seconds), normalized.shifted(seconds), phones.shifted(seconds));
    }
}
