package io.ttsgateway.streaminput;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a conversation's text, as it arrives, into the segments sent to providers (API.md §8). Pure and used by one
 * connection at a time.
 *
 * <p>A segment ends at the first sentence end (one of {@code . ! ? …} followed by white space) where it has reached the
 * schedule's length for its place (the n-th segment: the n-th length, the last length for every later one), at a
 * {@link #flush}, and at the end. One that would pass {@code maxChars} code points is cut before that, at the last
 * white space that keeps it within, or at {@code maxChars} when it has none. Segments are trimmed; white space alone is
 * no segment.
 *
 * <p>Each look at the buffer costs at most {@code maxChars} code points, whatever a client sends: the text not yet
 * taken starts at {@link #start}, so taking a segment moves an index instead of the rest of the buffer, and a sentence
 * end is looked for only where a segment could still end (a 1 MiB message without a space is cut in linear time, on
 * the connection's event loop).
 */
final class Segmenter {

    private final List<Integer> schedule;
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();
    /** Where the text not yet taken starts in {@link #buffer}. */
    private int start;
    /** Where the search for a sentence end goes on, and how many code points lie before it from {@link #start}. */
    private int searched;

    private int searchedCodePoints;
    private int emitted;

    /**
     * @param schedule lengths in code points, at least one, each positive
     * @param maxChars the longest segment, {@code TTS_MAX_TEXT_CHARS}
     */
    Segmenter(List<Integer> schedule, int maxChars) {
        if (schedule.isEmpty() || schedule.stream().anyMatch(length -> length < 1) || maxChars < 1) {
            throw new IllegalArgumentException("lengths must be positive");
        }
        this.schedule = List.copyOf(schedule);
        this.maxChars = maxChars;
    }

    /** Takes more text; answers the segments it completed, in order. */
    List<String> add(String text) {
        buffer.append(text);
        List<String> out = new ArrayList<>();
        String segment;
        while ((segment = next()) != null) {
            out.add(segment);
        }
        compact();
        return out;
    }

    /** Everything buffered, as segments (more than one only when it is longer than {@code maxChars}). */
    List<String> flush() {
        List<String> out = add("");
        skipLeadingWhiteSpace();
        while (start < buffer.length()) {
            int limit = offsetOf(maxChars);
            int cut = limit == buffer.length() ? 0 : cutBefore(limit);
            out.add(take(cut == 0 ? limit : cut));
            skipLeadingWhiteSpace();
        }
        compact();
        return out;
    }

    private String next() {
        skipLeadingWhiteSpace();
        int threshold = schedule.get(Math.min(emitted, schedule.size() - 1));
        // A segment cannot end past maxChars code points: the search stops there.
        int limit = offsetOf(maxChars);
        for (int i = searched; i + 1 < buffer.length() && i < limit; i++) {
            char c = buffer.charAt(i);
            if (!Character.isLowSurrogate(c)) {
                searchedCodePoints++;
            }
            searched = i + 1;
            if (isSentenceEnd(c) && Character.isWhitespace(buffer.charAt(i + 1)) && searchedCodePoints >= threshold) {
                return take(i + 1);
            }
        }
        if (limit < buffer.length()) {
            int cut = cutBefore(limit);
            return take(cut == 0 ? limit : cut);
        }
        return null;
    }

    /** The last white space at or before {@code limit} (a char index), 0 when none past the start. */
    private int cutBefore(int limit) {
        for (int i = Math.min(limit, buffer.length() - 1); i > start; i--) {
            if (Character.isWhitespace(buffer.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** The index {@code codePoints} code points after {@link #start}, or the buffer's end when it has fewer. */
    private int offsetOf(int codePoints) {
        int at = start;
        for (int n = 0; n < codePoints && at < buffer.length(); n++) {
            at += Character.isHighSurrogate(buffer.charAt(at))
                            && at + 1 < buffer.length()
                            && Character.isLowSurrogate(buffer.charAt(at + 1))
                    ? 2
                    : 1;
        }
        return at;
    }

    /** The text from {@link #start} to {@code end} as a segment: never blank, the buffer starting with other. */
    private String take(int end) {
        String segment = buffer.substring(start, end).strip();
        start = end;
        searched = start;
        searchedCodePoints = 0;
        emitted++;
        return segment;
    }

    private void skipLeadingWhiteSpace() {
        int from = start;
        while (start < buffer.length() && Character.isWhitespace(buffer.charAt(start))) {
            start++;
        }
        if (start > from) {
            // What was searched started with that white space: search again from the new start.
            searched = start;
            searchedCodePoints = 0;
        }
    }

    /** Drops the text already taken, once it is most of the buffer, so each char moves at most once or twice. */
    private void compact() {
        if (start > 0 && start >= buffer.length() / 2) {
            buffer.delete(0, start);
            searched -= start;
            start = 0;
        }
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }
}
