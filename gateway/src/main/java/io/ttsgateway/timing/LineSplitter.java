package io.ttsgateway.timing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into lines at {@code \n}, whatever the chunks it comes in: a line may span chunks, a chunk may
 * hold many lines. Blank lines are dropped. A line longer than {@code maxLine} bytes is refused, so a provider cannot
 * make the gateway hold an unbounded line. Not thread-safe: one per stream, fed in order.
 */
public final class LineSplitter {

    private final int maxLine;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    public LineSplitter(int maxLine) {
        this.maxLine = maxLine;
    }

    /**
     * The lines this chunk completes, without their {@code \n}.
     *
     * @throws IllegalArgumentException when a line grows past the limit
     */
    public List<byte[]> feed(byte[] chunk) {
        List<byte[]> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                append(chunk, from, i - from);
                complete(lines);
                from = i + 1;
            }
        }
        append(chunk, from, chunk.length - from);
        return lines;
    }

    /** What is left when the stream ends: a last line without {@code \n}, if any. */
    public List<byte[]> finish() {
        List<byte[]> lines = new ArrayList<>();
        complete(lines);
        return lines;
    }

    private void append(byte[] chunk, int from, int length) {
        if (partial.size() + length > maxLine) {
            throw new IllegalArgumentException("a line is longer than " + maxLine + " bytes");
        }
        partial.write(chunk, from, length);
    }

    private void complete(List<byte[]> lines) {
        byte[] line = partial.toByteArray();
        partial.reset();
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                lines.add(line);
                return;
            }
        }
    }
}
