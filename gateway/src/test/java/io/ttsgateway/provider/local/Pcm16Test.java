package io.ttsgateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Pcm16Test {

    @Test
    void shouldReadBigEndianSamplesWhenTheVoiceSaysBigEndian() {
        byte[] bigEndian = {0x12, 0x34, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x00, 0x7f};

        short[] samples = Pcm16.toSamples(bigEndian, true);

        assertThat(samples).containsExactly((short) 0x1234, (short) -2, Short.MIN_VALUE);
    }

    @Test
    void shouldReadLittleEndianSamples() {
        short[] samples = Pcm16.toSamples(new byte[] {0x34, 0x12, (byte) 0xfe, (byte) 0xff}, false);

        assertThat(samples).containsExactly((short) 0x1234, (short) -2);
    }

    @Test
    void shouldWriteLittleEndianWhenConvertingFromTheVoicesBigEndian() {
        short[] samples = Pcm16.toSamples(new byte[] {0x12, 0x34, (byte) 0x80, 0x01}, true);

        byte[] littleEndian = Pcm16.toLittleEndian(samples);

        assertThat(littleEndian).containsExactly(0x34, 0x12, 0x01, 0x80);
    }
}
