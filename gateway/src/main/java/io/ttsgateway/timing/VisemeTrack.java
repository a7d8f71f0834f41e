package io.ttsgateway.timing;

import java.util.ArrayList;
import java.util.List;

/**
 * Visemes from an alignment as it arrives (API.md §7), for providers that give characters, not phones: characters are
 * gathered into words; a word's phones (from the {@link Pronouncer}) are spread evenly over its characters' time
 * window; the time between words (spaces, punctuation, pauses) is {@code sil}. A word is only spoken for once it is
 * complete (the character after it arrived, or the answer ended), so a word cut by a chunk boundary comes whole in the
 * line where it ends and nothing is ever revised; a streamed line adds at most one word's delay. Not thread-safe: one
 * per answer.
 */
public final class VisemeTrack {

    private final Pronouncer pronouncer;
    private final StringBuilder word = new StringBuilder();
    private double wordStart;
    private double wordEnd;
    /** Where the last viseme handed out ends: the next one starts no earlier. */
    private double spoken;

    public VisemeTrack(Pronouncer pronouncer) {
        this.pronouncer = pronouncer;
    }

    /** The visemes of the words these characters complete, and of the silence before them. */
    public Visemes add(Alignment characters) {
        Visemes out = new Visemes();
        add(characters, out);
        return out;
    }

    /** Every viseme of a whole answer's characters, its last word included. */
    public Visemes whole(Alignment characters) {
        Visemes out = new Visemes();
        add(characters, out);
        completeWord(out);
        return out;
    }

    private void add(Alignment characters, Visemes out) {
        for (int i = 0; i < characters.size(); i++) {
            String c = characters.characters().get(i);
            if (isWordCharacter(c)) {
                if (word.isEmpty()) {
                    wordStart = characters.starts()[i];
                }
                word.append(c);
                wordEnd = Math.max(wordEnd, characters.ends()[i]);
            } else {
                completeWord(out);
            }
        }
    }

    /** The last word, at the end of the answer. */
    public Visemes finish() {
        Visemes out = new Visemes();
        completeWord(out);
        return out;
    }

    private void completeWord(Visemes out) {
        if (word.isEmpty()) {
            return;
        }
        List<String> visemes = new ArrayList<>();
        for (String phone : pronouncer.phones(word.toString())) {
            Oculus.of(phone).filter(v -> !Oculus.SILENCE.equals(v)).ifPresent(visemes::add);
        }
        word.setLength(0);
        double start = Math.max(wordStart, spoken);
        double end = Math.max(wordEnd, start);
        if (visemes.isEmpty() || end <= start) {
            return;
        }
        out.add(Oculus.SILENCE, spoken, start);
        double step = (end - start) / visemes.size();
        for (int i = 0; i < visemes.size(); i++) {
            double from = start + i * step;
            double to = i == visemes.size() - 1 ? end : start + (i + 1) * step;
            out.add(visemes.get(i), from, to);
        }
        spoken = end;
    }

    /** Letters, digits and an apostrophe inside a word ("don't") make words; everything else separates them. */
    private static boolean isWordCharacter(String c) {
        int cp = c.codePointAt(0);
        return Character.isLetterOrDigit(cp) || cp == '\'' || cp == '\u2019';
    }
}
