package io.ttsgateway.streaminput;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one message of 1 MiB (the most a client may send, API.md §8) costs the segmenter, which runs on the
 * connection's event loop: every other connection of that loop waits meanwhile.
 */
class SegmenterCostTest {

    static final int MIB = 1024 * 1024;

    static long millis(List<Integer> schedule, String text) {
        long start = System.nanoTime();
        Segmenter segmenter = new Segmenter(schedule, 5000);
        int segments = segmenter.add(text).size() + segmenter.flush().size();
        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%d segments of %d chars in %d ms%n", segments, text.length(), took);
        return took;
    }

    // passes (about 65 to 120 ms): sentence ends all through the text, the longest schedule length.
    @Test
    void shouldCutOneMebibyteOfShortSentencesQuickly() {
        millis(List.of(100_000), "a. ".repeat(MIB / 3)); // warm-up
        assertThat(millis(List.of(100_000), "a. ".repeat(MIB / 3))).isLessThan(250);
    }

    // FAILS (300 to 450 ms warm, 1.5 to 1.8 s cold): with no sentence end, every segment cut scans the whole buffer
    // again
    // from its start, counts its code points again and shifts it (210 segments x 1 MiB).
    @Test
    void shouldCutOneMebibyteWithoutWhiteSpaceQuickly() {
        millis(List.of(120), "a".repeat(MIB)); // warm-up
        assertThat(millis(List.of(120), "a".repeat(MIB))).isLessThan(250);
    }
}
