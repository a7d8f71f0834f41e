package io.ttsgateway.streaminput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SegmenterTest {

    @Test
    void shouldEndASegmentAtTheFirstSentenceEndOnceTheScheduleLengthIsReached() {
        Segmenter segmenter = new Segmenter(List.of(10), 5000);

        assertThat(segmenter.add("Hi. Hello")).isEmpty();
        assertThat(segmenter.add(" there. How")).containsExactly("Hi. Hello there.");
        assertThat(segmenter.add(" are you?")).isEmpty(); // no white space after the '?' yet
        assertThat(segmenter.add(" Fine")).containsExactly("How are you?");
        assertThat(segmenter.flush()).containsExactly("Fine");
        assertThat(segmenter.flush()).isEmpty();
    }

    @Test
    void shouldUseEachLengthOfTheScheduleInTurnThenTheLastForever() {
        Segmenter segmenter = new Segmenter(List.of(5, 30), 5000);
        String sentences = "One two. Three four. Five six seven eight nine ten. Eleven. Twelve thirteen fourteen. "
                + "Fifteen sixteen seventeen eighteen. ";

        assertThat(segmenter.add(sentences))
                .containsExactly(
                        "One two.",
                        "Three four. Five six seven eight nine ten.",
                        "Eleven. Twelve thirteen fourteen.",
                        "Fifteen sixteen seventeen eighteen.");
    }

    @Test
    void shouldNotTakeAPointInsideANumberOrAWordForASentenceEnd() {
        Segmenter segmenter = new Segmenter(List.of(1), 5000);

        // An abbreviation followed by white space does end one (as at ElevenLabs): a short pause, nothing lost.
        assertThat(segmenter.add("Pi is 3.14 and e.g. is short")).containsExactly("Pi is 3.14 and e.g.");
        assertThat(segmenter.add("… ok! Then")).containsExactly("is short…", "ok!");
    }

    @Test
    void shouldCutATooLongSegmentAtTheLastWordThatFits() {
        Segmenter segmenter = new Segmenter(List.of(120), 12);

        assertThat(segmenter.add("aaaa bbbb cccc dddd")).containsExactly("aaaa bbbb");
        assertThat(segmenter.add("eeeeeeeeeeeeeeeeee")).containsExactly("cccc", "ddddeeeeeeee");
        assertThat(segmenter.flush()).containsExactly("eeeeeeeeee");
    }

    @Test
    void shouldCountCodePointsNotCharsForLengths() {
        Segmenter segmenter = new Segmenter(List.of(3), 4);

        assertThat(segmenter.add("😀😀. 😀😀😀😀😀 ")).containsExactly("😀😀.", "😀😀😀😀");
        assertThat(segmenter.flush()).containsExactly("😀");
    }

    @Test
    void shouldIgnoreWhiteSpaceAloneAndTrimEverySegment() {
        Segmenter segmenter = new Segmenter(List.of(1), 5000);

        assertThat(segmenter.add(" ")).isEmpty();
        assertThat(segmenter.add("  \n ")).isEmpty();
        assertThat(segmenter.flush()).isEmpty();
        assertThat(segmenter.add("  Yes.  ")).containsExactly("Yes.");
        assertThat(segmenter.flush()).isEmpty();
    }

    @Test
    void shouldRefuseAScheduleWithoutPositiveLengths() {
        assertThatThrownBy(() -> new Segmenter(List.of(), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Segmenter(List.of(50, 0), 10)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Whatever the pieces and the schedule: the segments are the text, in order, with nothing lost or added but white
     * space between them; none is blank or longer than the limit; each but the ones a flush made ends a sentence or
     * was cut to fit.
     */
    @Test
    void shouldGiveBackExactlyTheTextItWasGivenWhateverThePieces() {
        qt().withExamples(2000)
                .forAll(
                        pieces(),
                        lists().of(integers().between(1, 40)).ofSizeBetween(1, 4),
                        integers().between(1, 60))
                .checkAssert((pieces, schedule, max) -> {
                    Segmenter segmenter = new Segmenter(schedule, max);
                    List<String> segments = new ArrayList<>();
                    for (String piece : pieces) {
                        segments.addAll(segmenter.add(piece));
                    }
                    segments.addAll(segmenter.flush());

                    String sent = String.join("", pieces);
                    assertThat(String.join("", segments).replaceAll("\\s", "")).isEqualTo(sent.replaceAll("\\s", ""));
                    assertThat(segments).allSatisfy(segment -> {
                        assertThat(segment).isNotBlank().isEqualTo(segment.strip());
                        assertThat(segment.codePointCount(0, segment.length())).isLessThanOrEqualTo(max);
                    });
                });
    }

    /** Pieces of an LLM's answer: words, spaces, sentence ends, an emoji, a number with a point. */
    private static Gen<List<String>> pieces() {
        List<String> tokens =
                List.of("Hello", " ", "world", ".", " ", "3.5", "!", "?", "…", "\n", "😀", "é", "ab cd", "");
        return lists().of(integers().between(0, tokens.size() - 1).map(tokens::get))
                .ofSizeBetween(0, 60);
    }
}
