package io.ttsgateway.provider.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Changes the sample rate of 16-bit mono audio with a windowed-sinc filter. Plain linear interpolation would alias
 * when going down to 8 kHz (the voice has energy up to 8 kHz, which must be removed, not folded back) and images
 * when going up, so the filter's cutoff sits just below the lower of the two Nyquist frequencies.
 *
 * <p>Each call is independent: sentences are resampled one by one, and the voice's silence at their ends hides the
 * filter's edges.
 */
final class Resampler {

    /** Zero crossings of the sinc kept on each side: more gives a sharper cutoff and costs more work per sample. */
    private static final int ZERO_CROSSINGS = 16;

    /** Cutoff as a fraction of the lower Nyquist frequency, leaving room for the transition band. */
    private static final double ROLLOFF = 0.92;

    /** Per rate pair: one kernel per output phase. Few pairs exist (16 kHz to each listed rate). */
    private static final Map<Long, float[][]> KERNELS = new ConcurrentHashMap<>();

    private Resampler() {}

    static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        if (fromRate == toRate) {
            return in.clone();
        }
        int gcd = gcd(fromRate, toRate);
        int up = toRate / gcd;
        int down = fromRate / gcd;
        float[][] kernels = KERNELS.computeIfAbsent(((long) fromRate << 32) | toRate, k -> kernels(fromRate, toRate));
        int taps = kernels[0].length;
        int half = taps / 2;
        short[] out = new short[(int) ((long) in.length * up / down)];
        for (int i = 0; i < out.length; i++) {
            // Output sample i sits at input position i * down / up: an integer base plus a phase of up.
            long position = (long) i * down;
            int first = (int) (position / up) - half + 1;
            float[] kernel = kernels[(int) (position % up)];
            double sum = 0;
            for (int t = Math.max(0, -first); t < taps && first + t < in.length; t++) {
                sum += in[first + t] * kernel[t];
            }
            out[i] = clip(sum);
        }
        return out;
    }

    private static float[][] kernels(int fromRate, int toRate) {
        int gcd = gcd(fromRate, toRate);
        int up = toRate / gcd;
        double cutoff = ROLLOFF * Math.min(1.0, (double) toRate / fromRate);
        int half = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        float[][] kernels = new float[up][2 * half];
        for (int phase = 0; phase < up; phase++) {
            double fraction = (double) phase / up;
            double total = 0;
            double[] weights = new double[2 * half];
            for (int t = 0; t < weights.length; t++) {
                double x = (t - half + 1) - fraction;
                weights[t] = cutoff * sinc(cutoff * x) * hann(x / half);
                total += weights[t];
            }
            // Unit gain at DC for every phase, so a constant stays constant.
            for (int t = 0; t < weights.length; t++) {
                kernels[phase][t] = (float) (weights[t] / total);
            }
        }
        return kernels;
    }

    private static double sinc(double x) {
        return x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double hann(double u) {
        return Math.abs(u) >= 1 ? 0.0 : 0.5 + 0.5 * Math.cos(Math.PI * u);
    }

    private static short clip(double value) {
        long rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
