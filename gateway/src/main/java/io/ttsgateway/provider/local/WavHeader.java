package io.ttsgateway.provider.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The canonical 44-byte RIFF/WAVE header for 16-bit mono PCM. */
final class WavHeader {

    static final int SIZE = 44;

    private WavHeader() {}

    /**
     * @param dataBytes the exact length of the PCM that follows: WAV states it up front, which is why the contract
     *     offers WAV as whole audio only
     */
    static byte[] pcm16Mono(int sampleRate, long dataBytes) {
        // RIFF sizes are unsigned 32-bit; the riff size adds the 36 header bytes after it.
        if (dataBytes < 0 || dataBytes + 36 > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("WAV data too long: " + dataBytes + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) (36 + dataBytes));
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII));
        b.putInt(16);
        b.putShort((short) 1);
        b.putShort((short) 1);
        b.putInt(sampleRate);
        b.putInt(sampleRate * 2);
        b.putShort((short) 2);
        b.putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) dataBytes);
        return b.array();
    }
}
