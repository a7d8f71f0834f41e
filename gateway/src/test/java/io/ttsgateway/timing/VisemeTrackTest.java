package io.ttsgateway.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Words to mouth shapes through the CMU lexicon and the one phone → viseme table (API.md §7). */
class VisemeTrackTest {

    private static Pronouncer pronouncer;

    @BeforeAll
    static void loadLexicon() {
        pronouncer = Pronouncer.load();
    }

    /** Characters of {@code text} spoken one after another, {@code perChar} seconds each, from {@code from}. */
    static Alignment spoken(String text, double from, double perChar) {
        List<String> chars = new ArrayList<>();
        text.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
        double[] starts = new double[chars.size()];
        double[] ends = new double[chars.size()];
        for (int i = 0; i < chars.size(); i++) {
            starts[i] = from + i * perChar;
            ends[i] = from + (i + 1) * perChar;
        }
        return new Alignment(chars, starts, ends);
    }

    private static List<String> visemesOf(String text) {
        VisemeTrack track = new VisemeTrack(pronouncer);
        List<String> names = new ArrayList<>(track.add(spoken(text, 0, 0.1)).names());
        names.addAll(track.finish().names());
        return names;
    }

    @Test
    void shouldGiveTheMouthShapesOfWellKnownWords() {
        assertThat(visemesOf("mama")).containsExactly("PP", "aa", "PP", "aa");
        assertThat(visemesOf("five")).startsWith("FF").containsExactly("FF", "aa", "FF");
        assertThat(visemesOf("thin")).startsWith("TH").containsExactly("TH", "ih", "nn");
    }

    @Test
    void shouldUseLetterToSoundRulesForWordsTheDictionaryLacks() {
        assertThat(visemesOf("xylophonic"))
                .isNotEmpty()
                .allSatisfy(v -> assertThat(Oculus.VISEMES).contains(v));
    }

    @Test
    void shouldFillPausesWithSilenceAndNeverOverlap() {
        VisemeTrack track = new VisemeTrack(pronouncer);
        Visemes all = track.add(spoken("Hi, mama.", 0.5, 0.1));
        List<String> names = new ArrayList<>(all.names());
        names.addAll(track.finish().names());

        assertThat(names.get(0)).isEqualTo("sil");
        assertThat(names).contains("sil").endsWith("PP", "aa", "PP", "aa");
        assertThat(all.start(0)).isEqualTo(0.0);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.start(i)).isGreaterThanOrEqualTo(all.end(i - 1));
            assertThat(all.end(i)).isGreaterThan(all.start(i));
        }
    }

    @Test
    void shouldGiveAWordCutByAChunkBoundaryWholeInTheLineWhereItEnds() {
        VisemeTrack track = new VisemeTrack(pronouncer);
        Visemes first = track.add(spoken("ma", 0, 0.1));
        Visemes second = track.add(spoken("ma five", 0.2, 0.1));
        Visemes last = track.finish();

        assertThat(first.isEmpty()).isTrue();
        assertThat(second.names()).containsExactly("PP", "aa", "PP", "aa");
        // The whole word's window: from its first character (in the first chunk) to its last.
        assertThat(second.start(0)).isEqualTo(0.0);
        assertThat(second.end(3)).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(last.names()).containsExactly("sil", "FF", "aa", "FF");
        assertThat(last.start(0)).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldReadDigitsOneByOneWhenNothingNormalizedThem() {
        assertThat(pronouncer.phones("42")).isEqualTo(concat(pronouncer.phones("four"), pronouncer.phones("two")));
    }

    @Test
    void shouldMapEveryPhoneOfTheLexiconToOneOfTheFifteen() {
        for (String phone : List.of(
                "aa", "ae", "ah", "ao", "aw", "ax", "ay", "b", "ch", "d", "dh", "eh", "er", "ey", "f", "g", "hh", "ih",
                "iy", "jh", "k", "l", "m", "n", "ng", "ow", "oy", "p", "r", "s", "sh", "t", "th", "uh", "uw", "v", "w",
                "y", "z", "zh", "pau")) {
            assertThat(Oculus.of(phone)).as(phone).isPresent().get().isIn(Oculus.VISEMES);
        }
        assertThat(Oculus.of("aa1")).contains("aa");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
