package io.ttsgateway.provider.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts text into the pieces the engine speaks one at a time. Time to first audio is the time of the first piece, so
 * pieces are sentences, long sentences are cut at a comma or a space, and tiny fragments ride along with the next
 * piece (each piece costs a scheduling round and a chunk, and a lone "Hi." sounds clipped).
 */
final class SentenceSplitter {

    /** Longest piece in characters (about ten seconds of speech); longer ones are cut. */
    static final int MAX_CHARS = 150;

    /** Shorter pieces are merged into the next one. */
    static final int MIN_CHARS = 10;

    /** Words that end with a period without ending the sentence; they precede a capitalized name or a number. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "capt", "lt", "col", "sgt", "rev", "hon",
            "vs", "cf", "approx", "fig", "e.g", "i.e");

    private static final String TERMINATORS = ".!?;";
    private static final String CLOSERS = "\"')]}\u2019\u201d\u00bb";
    private static final String SOFT_BREAKS = ",;:\u2013\u2014";

    private SentenceSplitter() {}

    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        for (String sentence : sentences(text)) {
            cap(sentence, pieces);
        }
        return mergeTiny(pieces);
    }

    private static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                add(out, text.substring(start, i));
                start = ++i;
            } else if (TERMINATORS.indexOf(c) >= 0) {
                int end = i;
                boolean strong = false;
                while (end < text.length() && TERMINATORS.indexOf(text.charAt(end)) >= 0) {
                    strong |= text.charAt(end) != '.';
                    end++;
                }
                while (end < text.length() && CLOSERS.indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                // "3.14", "example.com" and "a.m." go on: a boundary needs a space (or the end) after it.
                boolean atSpace = end == text.length() || Character.isWhitespace(text.charAt(end));
                if (atSpace && (strong || periodEndsSentence(text, i, end))) {
                    add(out, text.substring(start, end));
                    start = end;
                }
                i = end;
            } else {
                i++;
            }
        }
        add(out, text.substring(start));
        return out;
    }

    /** A period ends a sentence unless it follows an abbreviation or an initial, or the next word is lowercase. */
    private static boolean periodEndsSentence(String text, int period, int end) {
        int wordStart = period;
        while (wordStart > 0 && !Character.isWhitespace(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        String word = text.substring(wordStart, period).toLowerCase(Locale.ROOT).replaceAll("^\\W+", "");
        if (ABBREVIATIONS.contains(word) || word.matches("\\p{L}(\\.\\p{L})*")) {
            return false;
        }
        int next = end;
        while (next < text.length() && Character.isWhitespace(text.charAt(next)) && text.charAt(next) != '\n') {
            next++;
        }
        return next == text.length() || !Character.isLowerCase(text.charAt(next));
    }

    /** Cuts a long sentence at the last soft break (or else space) that still leaves a reasonable first part. */
    private static void cap(String sentence, List<String> out) {
        String rest = sentence;
        while (rest.length() > MAX_CHARS) {
            int cut = lastBreak(rest, true);
            if (cut < 0) {
                cut = lastBreak(rest, false);
            }
            if (cut < 0) {
                cut = Character.isHighSurrogate(rest.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
            }
            add(out, rest.substring(0, cut));
            rest = rest.substring(cut).strip();
        }
        add(out, rest);
    }

    /** The index just after a break character followed by a space, within the limit and past a third of it. */
    private static int lastBreak(String s, boolean soft) {
        for (int i = MAX_CHARS - 1; i >= MAX_CHARS / 3; i--) {
            boolean spaceAfter = Character.isWhitespace(s.charAt(i + 1));
            if (soft ? SOFT_BREAKS.indexOf(s.charAt(i)) >= 0 && spaceAfter : Character.isWhitespace(s.charAt(i))) {
                return i + 1;
            }
        }
        return -1;
    }

    private static List<String> mergeTiny(List<String> pieces) {
        List<String> out = new ArrayList<>();
        String pending = null;
        for (String piece : pieces) {
            String joined = pending == null ? piece : pending + " " + piece;
            if (joined.length() < MIN_CHARS) {
                pending = joined;
            } else {
                out.add(joined);
                pending = null;
            }
        }
        if (pending != null) {
            if (out.isEmpty()) {
                out.add(pending);
            } else {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + pending);
            }
        }
        return out;
    }

    private static void add(List<String> out, String piece) {
        String trimmed = piece.strip();
        if (!trimmed.isEmpty()) {
            out.add(trimmed);
        }
    }
}
