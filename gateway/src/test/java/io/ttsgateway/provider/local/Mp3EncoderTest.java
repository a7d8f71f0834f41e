package io.ttsgateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mp3EncoderTest {

    @ParameterizedTest
    @CsvSource({"44100, 128, 1", "44100, 32, 1", "44100, 192, 1", "22050, 32, 2", "24000, 48, 2"})
    void shouldProduceConstantFramesAtTheRequestedRateAndBitrate(int rate, int kbps, int mpegVersion) {
        Mp3Encoder encoder = new Mp3Encoder(rate, kbps);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // Two "sentences" of one second each, as the provider feeds them.
        out.writeBytes(encoder.encode(ResamplerTest.sine(440, rate, rate, 8000)));
        out.writeBytes(encoder.encode(ResamplerTest.sine(660, rate, rate, 8000)));
        out.writeBytes(encoder.finish());

        Mp3Frames frames = Mp3Frames.parse(out.toByteArray());
        assertThat(frames.headers()).isNotEmpty().allSatisfy(h -> {
            assertThat(h.version()).isEqualTo(mpegVersion);
            assertThat(h.layer()).isEqualTo(3);
            assertThat(h.sampleRate()).isEqualTo(rate);
            assertThat(h.bitrateKbps()).isEqualTo(kbps);
            assertThat(h.mono()).isTrue();
        });
        assertThat(frames.trailingBytes()).isZero();
        assertThat(frames.seconds()).isCloseTo(2.0, within(0.1));
    }

    @ParameterizedTest
    @CsvSource({"44100, 128", "22050, 32"})
    void shouldEmitFramesBeforeTheEndWhenFedSentenceBySentence(int rate, int kbps) {
        Mp3Encoder encoder = new Mp3Encoder(rate, kbps);

        byte[] first = encoder.encode(ResamplerTest.sine(440, rate, rate, 8000));

        assertThat(first).isNotEmpty();
        assertThat(Mp3Frames.header(first, 0).sampleRate()).isEqualTo(rate);
    }
}
