package io.ttsgateway.timing;

import io.ttsgateway.provider.OutputFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;

/** Reading providers' {@code …/with-timestamps} answers, and joining their chunks. Pure. */
public final class TimedAnswers {

    private TimedAnswers() {}

    /**
     * Every JSON object of an answer, in order: one for a whole answer, one per line for a streamed one (a stored
     * answer may be either: the cache keeps what the provider sent).
     *
     * @throws IllegalArgumentException when it is not a sequence of such objects
     */
    public static List<TimedChunk> parse(ObjectMapper json, byte[] answer) {
        List<TimedChunk> chunks = new ArrayList<>();
        try (MappingIterator<JsonNode> objects = json.readerFor(JsonNode.class).readValues(answer)) {
            while (objects.hasNext()) {
                chunks.add(TimedChunk.fromJson(objects.next()));
            }
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae
                    ? iae
                    : new IllegalArgumentException(
                            "not a timestamped answer: " + e.getClass().getSimpleName());
        }
        return chunks;
    }

    /**
     * A whole answer written again as one compact JSON object per line: what the gateway stores and streams, whatever
     * white space the provider used (a pretty-printed answer must not break a stream later served from it).
     *
     * @throws IllegalArgumentException when it is not a sequence of timestamped objects
     */
    public static byte[] asLines(ObjectMapper json, byte[] answer) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (MappingIterator<JsonNode> objects = json.readerFor(JsonNode.class).readValues(answer)) {
            while (objects.hasNext()) {
                JsonNode object = objects.next();
                TimedChunk.fromJson(object);
                lines.writeBytes(json.writeValueAsBytes(object));
                lines.write('\n');
            }
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae
                    ? iae
                    : new IllegalArgumentException(
                            "not a timestamped answer: " + e.getClass().getSimpleName());
        }
        return lines.toByteArray();
    }

    /** One line of a streamed answer. */
    public static TimedChunk parseLine(ObjectMapper json, byte[] line) {
        try {
            return TimedChunk.fromJson(json.readTree(line));
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae
                    ? iae
                    : new IllegalArgumentException(
                            "not a timestamped line: " + e.getClass().getSimpleName());
        }
    }

    /** Chunks already placed on one timeline, as one: their audio joined, their alignments one after another. */
    public static TimedChunk join(List<TimedChunk> placed) {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        Alignment alignment = Alignment.EMPTY;
        Alignment normalized = Alignment.EMPTY;
        Alignment phones = Alignment.EMPTY;
        for (TimedChunk chunk : placed) {
            audio.writeBytes(chunk.audio());
            alignment = alignment.then(chunk.alignment());
            normalized = normalized.then(chunk.normalized());
            phones = phones.then(chunk.phones());
        }
        return new TimedChunk(audio.toByteArray(), alignment, normalized, phones);
    }

    /** Seconds of audio in a chunk of this format, or {@code NaN} where its bytes do not tell (Opus, WAV headers). */
    public static ToDoubleFunction<byte[]> duration(OutputFormat format) {
        return switch (format.codec()) {
            case PCM -> bytes -> bytes.length / (2.0 * format.sampleRate());
            case ULAW, ALAW -> bytes -> bytes.length / (double) format.sampleRate();
            case MP3 -> bytes -> bytes.length * 8.0 / (format.bitrateKbps() * 1000.0);
            default -> bytes -> Double.NaN;
        };
    }
}
