package io.ttsgateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 22050, 24000, 32000, 44100, 48000})
    void shouldScaleTheLengthByTheRateRatio(int toRate) {
        short[] oneSecond = sine(440, 16000, 16000, 8000);

        short[] out = Resampler.resample(oneSecond, 16000, toRate);

        assertThat(out).hasSize(toRate);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 22050, 24000, 44100, 48000})
    void shouldKeepASinesFrequencyWhenChangingRate(int toRate) {
        short[] tone = sine(440, 16000, 32000, 10000);

        short[] out = Resampler.resample(tone, 16000, toRate);

        assertThat(frequency(out, toRate)).isCloseTo(440.0, within(3.0));
        assertThat(rms(middle(out))).isCloseTo(rms(middle(tone)), within(rms(middle(tone)) * 0.03));
    }

    @Test
    void shouldRemoveTonesAboveTheNewNyquistWhenGoingDown() {
        short[] tone = sine(6000, 16000, 16000, 10000);

        short[] out = Resampler.resample(tone, 16000, 8000);

        // A plain decimation would fold 6 kHz back to 2 kHz at almost full level.
        assertThat(rms(middle(out))).isLessThan(rms(middle(tone)) * 0.02);
    }

    @Test
    void shouldKeepAConstantWhenInterpolating() {
        short[] constant = new short[1000];
        Arrays.fill(constant, (short) 1234);

        short[] out = Resampler.resample(constant, 16000, 44100);

        assertThat(middle(out)).containsOnly((short) 1234);
    }

    @Test
    void shouldReturnACopyWhenRatesAreEqual() {
        short[] in = {1, 2, 3};

        short[] out = Resampler.resample(in, 16000, 16000);

        assertThat(out).containsExactly(1, 2, 3).isNotSameAs(in);
    }

    @Test
    void shouldClipInsteadOfWrappingWhenRingingOvershoots() {
        short[] square = new short[2000];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 50) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }

        short[] out = Resampler.resample(square, 16000, 48000);

        // The filter overshoots next to each edge; wrapping instead of clipping would flip the sign there.
        for (int i = 300; i < out.length - 300; i++) {
            int inPosition = i / 3;
            if (inPosition % 50 >= 3 && inPosition % 50 <= 46) {
                assertThat(Integer.signum(out[i])).as("sample %d", i).isEqualTo(Integer.signum(square[inPosition]));
            }
        }
    }

    @Test
    void shouldReturnNothingWhenGivenNothing() {
        assertThat(Resampler.resample(new short[0], 16000, 44100)).isEmpty();
    }

    static short[] sine(double hz, int rate, int samples, double amplitude) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    /** Counts rising zero crossings, which for a clean sine is its frequency times the duration. */
    static double frequency(short[] samples, int rate) {
        short[] m = middle(samples);
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = 1; i < m.length; i++) {
            if (m[i - 1] < 0 && m[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return crossings * (double) rate / (last - first);
    }

    static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, samples.length));
    }

    /** Leaves out the first and last tenth, where the filter sees the signal's edges. */
    static short[] middle(short[] samples) {
        return Arrays.copyOfRange(samples, samples.length / 10, samples.length - samples.length / 10);
    }
}
