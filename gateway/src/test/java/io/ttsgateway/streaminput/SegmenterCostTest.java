package io.ttsgateway.streaminput;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One message of 1 MiB (the most a client may send, API.md §8) through the segmenter, which runs on the connection's
 * event loop. What it costs is measured, not asserted (timings belong in bench/): printed here, 300 to 450 ms for 1 MiB
 * without white space when every cut went back over the whole buffer (1.5 s in a fresh JVM), about 50 ms in a fresh JVM
 * since the segmenter moves an index and looks no further than a segment can reach.
 */
class SegmenterCostTest {

    static final int MIB = 1024 * 1024;

    static List<String> segments(List<Integer> schedule, String text) {
        long start = System.nanoTime();
        Segmenter segmenter = new Segmenter(schedule, 5000);
        List<String> segments = new ArrayList<>(segmenter.add(text));
        segments.addAll(segmenter.flush());
        System.out.printf(
                "%d segments of %d chars in %d ms%n",
                segments.size(), text.length(), (System.nanoTime() - start) / 1_000_000);
        return segments;
    }

    @Test
    void shouldCutOneMebibyteOfShortSentencesAtItsSentenceEnds() {
        String text = "a. ".repeat(MIB / 3);
        List<String> segments = segments(List.of(100_000), text);

        assertThat(segments).allSatisfy(segment -> assertThat(segment.length()).isLessThanOrEqualTo(5000));
        assertThat(segments.subList(0, segments.size() - 1))
                .allSatisfy(segment -> assertThat(segment).endsWith("."));
        assertThat(String.join(" ", segments)).isEqualTo(text.strip());
    }

    @Test
    void shouldCutOneMebibyteWithoutWhiteSpaceIntoPiecesOfTheLongestLength() {
        String text = "a".repeat(MIB);
        List<String> segments = segments(List.of(120), text);

        assertThat(segments).hasSize(MIB / 5000 + 1);
        assertThat(segments.subList(0, segments.size() - 1))
                .allSatisfy(segment -> assertThat(segment).hasSize(5000));
        assertThat(String.join("", segments)).isEqualTo(text);
    }
}
