package io.ttsgateway.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Provider chunk times made absolute and never decreasing (API.md §7). */
class TimelineTest {

    /** 16 kHz 16-bit PCM: 32,000 bytes a second. */
    private static double pcm16k(byte[] audio) {
        return audio.length / 32000.0;
    }

    @Test
    void shouldKeepTimesThatAreAlreadyAbsolute() {
        Timeline timeline = new Timeline(TimelineTest::pcm16k);
        TimedChunk first =
                timeline.place(new TimedChunk(new byte[16000], VisemeTrackTest.spoken("ab", 0, 0.2), Alignment.EMPTY));
        TimedChunk second = timeline.place(
                new TimedChunk(new byte[16000], VisemeTrackTest.spoken("cd", 0.5, 0.2), Alignment.EMPTY));
        assertThat(first.alignment().starts()).containsExactly(0.0, 0.2);
        assertThat(second.alignment().starts()).containsExactly(0.5, 0.7);
    }

    @Test
    void shouldMoveChunkRelativeTimesToWhereTheChunksAudioStarts() {
        Timeline timeline = new Timeline(TimelineTest::pcm16k);
        timeline.place(new TimedChunk(new byte[32000], VisemeTrackTest.spoken("ab", 0, 0.3), Alignment.EMPTY));
        // The second chunk's clock restarts at 0; its audio starts after the first second of audio.
        TimedChunk second = timeline.place(new TimedChunk(
                new byte[32000], VisemeTrackTest.spoken("cd", 0, 0.3), VisemeTrackTest.spoken("cd", 0, 0.3)));
        assertThat(second.alignment().starts()).containsExactly(1.0, 1.3);
        assertThat(second.normalized().starts()).containsExactly(1.0, 1.3);
    }

    @Test
    void shouldFallBackToTheLastCharactersEndWhenTheFormatHidesTheDuration() {
        Timeline timeline = new Timeline(audio -> Double.NaN);
        timeline.place(new TimedChunk(new byte[10], VisemeTrackTest.spoken("ab", 0, 0.3), Alignment.EMPTY));
        TimedChunk second =
                timeline.place(new TimedChunk(new byte[10], VisemeTrackTest.spoken("cd", 0, 0.3), Alignment.EMPTY));
        assertThat(second.alignment().starts()[0]).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldNotTakeAnAbsoluteChunkForARelativeOneWhenTheLastCharacterOutlastedItsAudio() {
        Timeline timeline = new Timeline(TimelineTest::pcm16k);
        // 1.0 s of audio whose last character (a closing pause) is planned to end at 1.3 s.
        timeline.place(new TimedChunk(new byte[32000], VisemeTrackTest.spoken("abc", 1.0, 0.1), Alignment.EMPTY));
        TimedChunk next = timeline.place(
                new TimedChunk(new byte[32000], VisemeTrackTest.spoken("de", 1.0, 0.2), Alignment.EMPTY));
        // Not moved by the 1.0 s of audio before it; only kept from going back.
        assertThat(next.alignment().starts()[0]).isEqualTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(next.alignment().starts()[1]).isEqualTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldNeverLetATimeGoBack() {
        Timeline timeline = new Timeline(TimelineTest::pcm16k);
        Alignment jittery = new Alignment(
                java.util.List.of("a", "b", "c"), new double[] {0.0, 0.25, 0.2}, new double[] {0.3, 0.2, 0.4});
        TimedChunk placed = timeline.place(new TimedChunk(new byte[0], jittery, Alignment.EMPTY));
        double[] s = placed.alignment().starts();
        double[] e = placed.alignment().ends();
        for (int i = 0; i < s.length; i++) {
            assertThat(e[i]).isGreaterThanOrEqualTo(s[i]);
            if (i > 0) {
                assertThat(s[i]).isGreaterThanOrEqualTo(s[i - 1]);
            }
        }
    }
}
