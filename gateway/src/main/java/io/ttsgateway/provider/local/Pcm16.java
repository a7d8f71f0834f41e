package io.ttsgateway.provider.local;

/** 16-bit PCM between bytes and samples. */
final class Pcm16 {

    private Pcm16() {}

    /** Reads samples; a trailing odd byte (half a sample) is dropped. */
    static short[] toSamples(byte[] bytes, boolean bigEndian) {
        short[] samples = new short[bytes.length / 2];
        for (int i = 0; i < samples.length; i++) {
            int hi = bigEndian ? bytes[2 * i] : bytes[2 * i + 1];
            int lo = bigEndian ? bytes[2 * i + 1] : bytes[2 * i];
            samples[i] = (short) ((hi << 8) | (lo & 0xff));
        }
        return samples;
    }

    /** The contract's {@code pcm_*} and WAV's data chunk are little-endian. */
    static byte[] toLittleEndian(short[] samples) {
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return bytes;
    }
}
