package io.ttsgateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class WavHeaderTest {

    @Test
    void shouldWriteEveryFieldWhenGivenRateAndLength() {
        byte[] header = WavHeader.pcm16Mono(22050, 1000);

        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header).hasSize(44);
        assertThat(ascii(header, 0)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(1036);
        assertThat(ascii(header, 8)).isEqualTo("WAVE");
        assertThat(ascii(header, 12)).isEqualTo("fmt ");
        assertThat(b.getInt(16)).isEqualTo(16);
        assertThat(b.getShort(20)).isEqualTo((short) 1);
        assertThat(b.getShort(22)).isEqualTo((short) 1);
        assertThat(b.getInt(24)).isEqualTo(22050);
        assertThat(b.getInt(28)).isEqualTo(44100);
        assertThat(b.getShort(32)).isEqualTo((short) 2);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(ascii(header, 36)).isEqualTo("data");
        assertThat(b.getInt(40)).isEqualTo(1000);
    }

    @Test
    void shouldBeReadableByJavaSoundWhenFollowedByItsData() throws Exception {
        byte[] data = new byte[4800];
        byte[] wav = ByteBuffer.allocate(44 + data.length)
                .put(WavHeader.pcm16Mono(48000, data.length))
                .put(data)
                .array();

        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat format = in.getFormat();
            assertThat(format.getSampleRate()).isEqualTo(48000f);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            assertThat(format.getChannels()).isEqualTo(1);
            assertThat(format.isBigEndian()).isFalse();
            assertThat(in.getFrameLength()).isEqualTo(2400);
        }
        assertThat(AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav)).getType())
                .isEqualTo(AudioFileFormat.Type.WAVE);
    }

    @Test
    void shouldRefuseDataLongerThanRiffCanState() {
        assertThatThrownBy(() -> WavHeader.pcm16Mono(8000, 0xFFFF_FFFFL)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }
}
