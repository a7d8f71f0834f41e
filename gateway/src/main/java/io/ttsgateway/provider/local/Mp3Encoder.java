package io.ttsgateway.provider.local;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * One MP3 stream: fed sentence by sentence, it returns the frames that are ready, and the rest at {@link #finish()}.
 * Not thread-safe; a request's sentences arrive one after another.
 *
 * <p>The LAME state is built on the first sentence rather than in the constructor, so that its cost (a few ms, more
 * on the very first use) lands on the engine's threads and not on the thread that subscribes. A cancelled stream
 * just drops it: this LAME is plain Java objects, with nothing to release.
 */
final class Mp3Encoder {

    private final int sampleRate;
    private final int bitrateKbps;
    private LameEncoder lame;

    Mp3Encoder(int sampleRate, int bitrateKbps) {
        this.sampleRate = sampleRate;
        this.bitrateKbps = bitrateKbps;
    }

    /** Encodes 16-bit mono samples at the stream's rate; may return nothing while LAME fills a frame. */
    byte[] encode(short[] samples) {
        LameEncoder encoder = encoder();
        byte[] pcm = Pcm16.toLittleEndian(samples);
        int step = encoder.getPCMBufferSize();
        byte[] frames = new byte[outputSize(Math.min(step, pcm.length) / 2)];
        ByteArrayOutputStream out = new ByteArrayOutputStream(pcm.length / 8 + 64);
        for (int offset = 0; offset < pcm.length; offset += step) {
            int written = encoder.encodeBuffer(pcm, offset, Math.min(step, pcm.length - offset), frames);
            out.write(frames, 0, written);
        }
        return out.toByteArray();
    }

    /** Flushes the frames LAME still holds; the stream is done after this. */
    byte[] finish() {
        LameEncoder encoder = encoder();
        byte[] frames = new byte[outputSize(0)];
        int written = encoder.encodeFinish(frames);
        encoder.close();
        byte[] out = new byte[written];
        System.arraycopy(frames, 0, out, 0, written);
        return out;
    }

    private LameEncoder encoder() {
        if (lame == null) {
            AudioFormat source = new AudioFormat(sampleRate, 16, 1, true, false);
            lame = new LameEncoder(
                    source, bitrateKbps, LameEncoder.CHANNEL_MODE_MONO, LameEncoder.QUALITY_MIDDLE, false);
            // Without a target rate LAME picks its own for low bitrates (44.1 kHz at 32 kbps comes out at 22.05 kHz);
            // the contract's name promises the rate, so state it.
            lame.setFormat(source, source);
            if (lame.getEffectiveSampleRate() != sampleRate || lame.getEffectiveBitRate() != bitrateKbps) {
                throw new IllegalStateException(
                        "MP3 encoder chose " + lame.getEffectiveSampleRate() + " Hz " + lame.getEffectiveBitRate()
                                + " kbps instead of " + sampleRate + " Hz " + bitrateKbps + " kbps");
            }
        }
        return lame;
    }

    /** LAME's documented worst case for an output buffer: 1.25 bytes per sample plus 7200. */
    private static int outputSize(int samples) {
        return samples * 5 / 4 + 7200;
    }
}
