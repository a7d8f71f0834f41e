package io.ttsgateway.provider.local;

import java.util.ArrayList;
import java.util.List;

/** Reads MPEG audio frame headers (ISO 11172-3 / 13818-3), to check what the encoder really produced. */
record Mp3Frames(List<Header> headers, int trailingBytes) {

    private static final int[] MPEG1_L3_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] MPEG2_L3_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[] MPEG1_RATES = {44100, 48000, 32000};

    /**
     * @param version 1 for MPEG-1, 2 for MPEG-2, 25 for MPEG-2.5
     * @param layer 3 for Layer III
     * @param mono whether the channel mode is single channel
     */
    record Header(int version, int layer, int bitrateKbps, int sampleRate, boolean padding, boolean mono) {

        int frameLength() {
            int coefficient = version == 1 ? 144_000 : 72_000;
            return coefficient * bitrateKbps / sampleRate + (padding ? 1 : 0);
        }

        int samplesPerFrame() {
            return version == 1 ? 1152 : 576;
        }
    }

    static Header header(byte[] b, int offset) {
        if ((b[offset] & 0xff) != 0xff || (b[offset + 1] & 0xe0) != 0xe0) {
            throw new IllegalArgumentException("no frame sync at " + offset);
        }
        int versionBits = (b[offset + 1] >> 3) & 3;
        int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : versionBits == 0 ? 25 : -1;
        int layer = 4 - ((b[offset + 1] >> 1) & 3);
        int bitrateIndex = (b[offset + 2] >> 4) & 0xf;
        int rateIndex = (b[offset + 2] >> 2) & 3;
        boolean padding = ((b[offset + 2] >> 1) & 1) == 1;
        boolean mono = ((b[offset + 3] >> 6) & 3) == 3;
        int kbps = (version == 1 ? MPEG1_L3_KBPS : MPEG2_L3_KBPS)[bitrateIndex];
        int rate = MPEG1_RATES[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
        return new Header(version, layer, kbps, rate, padding, mono);
    }

    /** Walks the stream frame by frame; a well-formed stream leaves no trailing bytes. */
    static Mp3Frames parse(byte[] stream) {
        List<Header> headers = new ArrayList<>();
        int offset = 0;
        while (offset + 4 <= stream.length) {
            Header h = header(stream, offset);
            headers.add(h);
            offset += h.frameLength();
        }
        return new Mp3Frames(headers, stream.length - offset);
    }

    double seconds() {
        return headers.stream()
                .mapToDouble(h -> (double) h.samplesPerFrame() / h.sampleRate())
                .sum();
    }
}
