package io.ttsgateway.timing;

import java.util.function.ToDoubleFunction;

/**
 * Makes the times of a provider's chunks absolute and never decreasing (API.md §7: seconds from the start of the whole
 * answer's audio). Whether a provider restarts its clock on every chunk (as ElevenLabs does on its WebSocket) is
 * decided once per answer, at the first chunk with characters after audio went before it: its first character then
 * starts near 0, far before the audio already sent (less than half of it), where an absolute clock would put it after
 * that audio. Relative times are moved to where the chunk's audio starts: the duration of the audio before it, when
 * the format tells it (PCM, μ-law, A-law, constant-bitrate MP3), else the end of the last character. Within and
 * across chunks, no time is ever earlier than one before it.
 */
public final class Timeline {

    /** Times within this of each other are the same instant (providers round to the millisecond). */
    private static final double SAME = 0.002;

    private final ToDoubleFunction<byte[]> duration;
    private double audioBefore;
    private double last;
    private double lastNormalized;
    private double lastPhone;
    /** Where the audio of the chunk placed last starts, in seconds from the start of the answer. */
    private double lastStart;
    /** Null until decided: whether this provider's chunk times restart with every chunk. */
    private Boolean relative;

    /** @param duration seconds of audio in a chunk's bytes, or {@code NaN} when the format does not tell */
    public Timeline(ToDoubleFunction<byte[]> duration) {
        this.duration = duration;
    }

    public TimedChunk place(TimedChunk chunk) {
        Alignment reference = chunk.alignment().isEmpty() ? chunk.normalized() : chunk.alignment();
        double sentBefore = Double.isNaN(audioBefore) ? Math.max(last, lastNormalized) : audioBefore;
        if (relative == null && !reference.isEmpty() && sentBefore > SAME) {
            relative = reference.starts()[0] < sentBefore / 2;
        }
        double offset = Boolean.TRUE.equals(relative) ? sentBefore : 0;
        lastStart = sentBefore;
        TimedChunk shifted = offset == 0 ? chunk : chunk.shifted(offset);
        Alignment alignment = monotonic(shifted.alignment(), last);
        Alignment normalized = monotonic(shifted.normalized(), lastNormalized);
        Alignment phones = monotonic(shifted.phones(), lastPhone);
        if (!phones.isEmpty()) {
            lastPhone = phones.ends()[phones.size() - 1];
        }
        if (!alignment.isEmpty()) {
            last = alignment.ends()[alignment.size() - 1];
        }
        if (!normalized.isEmpty()) {
            lastNormalized = normalized.ends()[normalized.size() - 1];
        }
        double seconds = duration.applyAsDouble(chunk.audio());
        audioBefore = Double.isNaN(seconds) || Double.isNaN(audioBefore) ? Double.NaN : audioBefore + seconds;
        return new TimedChunk(chunk.audio(), alignment, normalized, phones);
    }

    /**
     * Where the audio of the chunk placed last starts: exact when the format tells each chunk's duration, else the end
     * of the last character before it. A chunk's times minus this are relative to its own audio (API.md §8).
     */
    public double lastStart() {
        return lastStart;
    }

    private static Alignment monotonic(Alignment alignment, double floor) {
        double[] starts = alignment.starts().clone();
        double[] ends = alignment.ends().clone();
        double at = floor;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = Math.max(starts[i], at);
            ends[i] = Math.max(ends[i], starts[i]);
            at = starts[i];
        }
        return new Alignment(alignment.characters(), starts, ends);
    }
}
