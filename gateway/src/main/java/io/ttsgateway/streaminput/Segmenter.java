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
 */
final class Segmenter {

    private final List<Integer> schedule;
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();
    /** Where the search for a sentence end goes on: everything before was looked at with the same threshold. */
    private int searched;

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
        return out;
    }

    /** Everything buffered, as segments (more than one only when it is longer than {@code maxChars}). */
    List<String> flush() {
        List<String> out = add("");
        skipLeadingWhiteSpace();
        while (buffer.length() > 0) {
            int limit = offsetOf(maxChars);
            int cut = limit == buffer.length() ? 0 : cutBefore(limit);
            out.add(take(cut == 0 ? limit : cut));
            skipLeadingWhiteSpace();
        }
        return out;
    }

    /** Code points buffered and not yet sent, white space included. */
    int pending() {
        return buffer.codePointCount(0, buffer.length());
    }

    private String next() {
        skipLeadingWhiteSpace();
        int threshold = schedule.get(Math.min(emitted, schedule.size() - 1));
        for (int i = Math.max(searched, 0); i + 1 < buffer.length(); i++) {
            if (isSentenceEnd(buffer.charAt(i)) && Character.isWhitespace(buffer.charAt(i + 1))) {
                if (buffer.codePointCount(0, i + 1) > maxChars) {
                    break;
                }
                if (buffer.codePointCount(0, i + 1) >= threshold) {
                    return take(i + 1);
                }
            }
            searched = i + 1;
        }
        if (buffer.codePointCount(0, buffer.length()) > maxChars) {
            int limit = offsetOf(maxChars);
            int cut = cutBefore(limit);
            return take(cut == 0 ? limit : cut);
        }
        return null;
    }

    /** The last white space at or before {@code limit} (a char index), 0 when none. */
    private int cutBefore(int limit) {
        for (int i = Math.min(limit, buffer.length() - 1); i > 0; i--) {
            if (Character.isWhitespace(buffer.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    private int offsetOf(int codePoints) {
        int count = buffer.codePointCount(0, buffer.length());
        return codePoints >= count ? buffer.length() : buffer.offsetByCodePoints(0, codePoints);
    }

    /** The first {@code end} chars as a segment: never blank, since the buffer starts with other than white space. */
    private String take(int end) {
        String segment = buffer.substring(0, end).strip();
        buffer.delete(0, end);
        searched = 0;
        emitted++;
        return segment;
    }

    private void skipLeadingWhiteSpace() {
        int start = 0;
        while (start < buffer.length() && Character.isWhitespace(buffer.charAt(start))) {
            start++;
        }
        if (start > 0) {
            buffer.delete(0, start);
            searched = Math.max(0, searched - start);
        }
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }
}
