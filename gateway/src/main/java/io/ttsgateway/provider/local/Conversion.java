package io.ttsgateway.provider.local;

import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.ProviderFailure;

/**
 * One request's way from the engine's 16 kHz samples to the requested rate and codec, a sentence at a time. Its
 * calls come from different engine threads but never overlap: the next sentence is only spoken once the previous
 * one's result was delivered, which also publishes this object's state to the next thread.
 */
final class Conversion {

    private static final byte[] NOTHING = new byte[0];

    private final int sampleRate;
    private final Mp3Encoder mp3;
    private volatile boolean heard;

    private Conversion(int sampleRate, Mp3Encoder mp3) {
        this.sampleRate = sampleRate;
        this.mp3 = mp3;
    }

    /** PCM and WAV get little-endian PCM (WAV adds its header once all is known); MP3 gets a stream of frames. */
    static Conversion of(OutputFormat format) {
        Mp3Encoder mp3 = format.codec() == OutputFormat.Codec.MP3
                ? new Mp3Encoder(format.sampleRate(), format.bitrateKbps())
                : null;
        return new Conversion(format.sampleRate(), mp3);
    }

    byte[] sentence(short[] samples) {
        if (samples.length == 0) {
            return NOTHING;
        }
        heard = true;
        short[] resampled = Resampler.resample(samples, LocalEngine.SAMPLE_RATE, sampleRate);
        return mp3 == null ? Pcm16.toLittleEndian(resampled) : mp3.encode(resampled);
    }

    /** What the encoder still holds; fails when no sentence produced sound, which is no answer at all. */
    byte[] finish() {
        if (!heard) {
            throw new ProviderFailure.BadAudio(LocalTtsProvider.NAME, "the text has nothing to speak");
        }
        return mp3 == null ? NOTHING : mp3.finish();
    }
}
