package io.ttsgateway.provider.local;

import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * Keeps what a voice says in memory. FreeTTS's own file players write only on close and pad silence, and its line
 * players need a sound card, which a server does not have.
 *
 * <p>The voice's output thread writes, the speaking thread reads after {@code speak()} returned: the stream is
 * synchronized and FreeTTS hands over through a monitor, so the bytes are visible.
 */
final class CapturingAudioPlayer implements AudioPlayer {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    private final java.util.List<Double> utteranceStarts = new java.util.ArrayList<>();
    private volatile AudioFormat format = new AudioFormat(LocalEngine.SAMPLE_RATE, 16, 1, true, true);
    private volatile float volume = 1.0f;
    private volatile long startMillis = System.currentTimeMillis();

    /** Forgets what the previous sentence left. */
    void clear() {
        synchronized (bytes) {
            bytes.reset();
            utteranceStarts.clear();
        }
    }

    /**
     * Where each utterance's audio started, in seconds from the sentence's start: FreeTTS begins every utterance's
     * output with {@link #begin}, so phone times (planned per utterance) can be put on the audio actually made.
     */
    java.util.List<Double> takeUtteranceStarts() {
        synchronized (bytes) {
            java.util.List<Double> starts = java.util.List.copyOf(utteranceStarts);
            utteranceStarts.clear();
            return starts;
        }
    }

    /** What was said since {@link #clear()}, as samples; the format is checked so a different voice cannot slip by. */
    short[] takeSamples() {
        AudioFormat f = format;
        if (f.getSampleSizeInBits() != 16
                || f.getChannels() != 1
                || Math.round(f.getSampleRate()) != LocalEngine.SAMPLE_RATE
                || !AudioFormat.Encoding.PCM_SIGNED.equals(f.getEncoding())) {
            throw new IllegalStateException("unexpected voice output format: " + f);
        }
        byte[] raw;
        synchronized (bytes) {
            raw = bytes.toByteArray();
            bytes.reset();
        }
        return Pcm16.toSamples(raw, f.isBigEndian());
    }

    @Override
    public void setAudioFormat(AudioFormat format) {
        this.format = format;
    }

    @Override
    public AudioFormat getAudioFormat() {
        return format;
    }

    @Override
    public boolean write(byte[] audio) {
        return write(audio, 0, audio.length);
    }

    @Override
    public boolean write(byte[] audio, int offset, int length) {
        bytes.write(audio, offset, length);
        return true;
    }

    @Override
    public void begin(int size) {
        synchronized (bytes) {
            utteranceStarts.add(bytes.size() / 2.0 / format.getSampleRate());
        }
    }

    @Override
    public boolean end() {
        return true;
    }

    @Override
    public boolean drain() {
        return true;
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void reset() {}

    @Override
    public void cancel() {}

    @Override
    public void close() {}

    @Override
    public float getVolume() {
        return volume;
    }

    @Override
    public void setVolume(float volume) {
        this.volume = volume;
    }

    @Override
    public long getTime() {
        return System.currentTimeMillis() - startMillis;
    }

    @Override
    public void resetTime() {
        startMillis = System.currentTimeMillis();
    }

    @Override
    public void startFirstSampleTimer() {}

    @Override
    public void showMetrics() {}
}
