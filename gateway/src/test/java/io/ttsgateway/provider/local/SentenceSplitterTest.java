package io.ttsgateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    @Test
    void shouldSplitAtSentenceEndsWhenFollowedBySpace() {
        List<String> pieces = SentenceSplitter.split("Hello world. This is the gateway speaking.");

        assertThat(pieces).containsExactly("Hello world.", "This is the gateway speaking.");
    }

    @Test
    void shouldSplitAtExclamationQuestionAndSemicolon() {
        List<String> pieces = SentenceSplitter.split(
                "What a lovely day it is! Are you coming with us? I hope so; the weather is fine.");

        assertThat(pieces)
                .containsExactly(
                        "What a lovely day it is!", "Are you coming with us?", "I hope so;", "the weather is fine.");
    }

    @Test
    void shouldSplitAtNewlinesWhenThereIsNoPunctuation() {
        List<String> pieces =
                SentenceSplitter.split("First line of the list\r\nSecond line of the list\n\nThird one here");

        assertThat(pieces).containsExactly("First line of the list", "Second line of the list", "Third one here");
    }

    @Test
    void shouldKeepAbbreviationsInitialsAndDecimalsTogether() {
        List<String> pieces = SentenceSplitter.split(
                "Dr. Smith met J. R. Tolkien at 3.15 p.m. on the lawn. Pi is about 3.14159, e.g. for circles.");

        assertThat(pieces)
                .containsExactly(
                        "Dr. Smith met J. R. Tolkien at 3.15 p.m. on the lawn.",
                        "Pi is about 3.14159, e.g. for circles.");
    }

    @Test
    void shouldNotSplitWhenThePeriodIsFollowedByALowercaseWord() {
        List<String> pieces = SentenceSplitter.split("Bring apples, pears, etc. and some bread. Then we leave.");

        assertThat(pieces).containsExactly("Bring apples, pears, etc. and some bread.", "Then we leave.");
    }

    @Test
    void shouldKeepClosingQuotesAndEllipsesWithTheirSentence() {
        List<String> pieces = SentenceSplitter.split(
                "He shouted \"Stop right there!\" Then he left... without a word. Nobody followed him?!");

        assertThat(pieces)
                .containsExactly(
                        "He shouted \"Stop right there!\"", "Then he left... without a word.", "Nobody followed him?!");
    }

    @Test
    void shouldMergeTinyFragmentsIntoTheNextPiece() {
        List<String> pieces = SentenceSplitter.split("Hi. Ok. Let us begin the meeting now. Bye.");

        assertThat(pieces).containsExactly("Hi. Ok. Let us begin the meeting now. Bye.");
    }

    @Test
    void shouldMergeATinyLastFragmentIntoThePreviousPiece() {
        List<String> pieces = SentenceSplitter.split("Let us begin the meeting now. Thanks. Go!");

        assertThat(pieces).containsExactly("Let us begin the meeting now.", "Thanks. Go!");
    }

    @Test
    void shouldCutLongSentencesAtCommasFirst() {
        String clause = "and then the train went on through the valley";
        String text = String.join(", ", List.of(clause, clause, clause, clause, clause, clause)) + ".";

        List<String> pieces = SentenceSplitter.split(text);

        assertThat(pieces)
                .hasSizeGreaterThan(1)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(SentenceSplitter.MAX_CHARS));
        assertThat(pieces.get(0)).endsWith(",");
        assertThat(String.join(" ", pieces)).isEqualTo(text);
    }

    @Test
    void shouldCutLongSentencesAtSpacesWhenThereIsNoComma() {
        String text = "word ".repeat(100).strip();

        List<String> pieces = SentenceSplitter.split(text);

        assertThat(pieces).hasSizeGreaterThan(1).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(SentenceSplitter.MAX_CHARS);
            assertThat(p.split(" ")).containsOnly("word");
        });
        assertThat(String.join(" ", pieces)).isEqualTo(text);
    }

    @Test
    void shouldHardCutAWordLongerThanTheLimit() {
        String text = "x".repeat(400);

        List<String> pieces = SentenceSplitter.split(text);

        assertThat(pieces)
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(SentenceSplitter.MAX_CHARS));
        assertThat(String.join("", pieces)).isEqualTo(text);
    }

    @Test
    void shouldReturnNothingWhenTextIsBlank() {
        assertThat(SentenceSplitter.split("")).isEmpty();
        assertThat(SentenceSplitter.split("  \n\t ")).isEmpty();
    }

    @Test
    void shouldKeepAShortTextAsOnePiece() {
        assertThat(SentenceSplitter.split("Hi.")).containsExactly("Hi.");
    }
}
