package io.ttsgateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client refuses to send: control characters and raw bytes in
 * headers, paths exactly as written, several requests in one write, and conflicting or odd framing. Reads answers
 * until it has the number asked for, the server closes the connection, or nothing arrives for a while.
 */
public final class RawHttp {

    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final int CLOSE_WAIT_MILLIS = 500;

    private RawHttp() {}

    /** One answer as read off the wire; header names lower-cased. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean closes() {
            return header("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
        }

        @Override
        public String toString() {
            String text = bodyText();
            return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /**
     * What came back on one connection.
     *
     * @param answers the complete answers, in order
     * @param closed whether the server closed the connection (or reset it) after them; after the answers asked for,
     *     checked only when the last one announced {@code Connection: close}
     * @param stalled whether the server neither answered nor closed within the wait
     * @param garbage bytes that could not be read as an answer, if any
     */
    public record Exchange(List<Answer> answers, boolean closed, boolean stalled, String garbage) {}

    /**
     * Writes {@code request} in one go and reads up to {@code expected} answers (1xx answers are skipped).
     *
     * @param wait how long to wait for the next byte before giving up on the rest
     */
    public static Exchange send(int port, byte[] request, int expected, Duration wait) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket, expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The request line, headers ({@code name: value}, written as given, in UTF-8 so that characters beyond ASCII
     * arrive as the bytes a real client would send) and body: nothing is checked.
     */
    public static byte[] request(String method, String target, List<String> headerLines, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
        for (String line : headerLines) {
            out.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static Exchange read(Socket socket, int expected) throws IOException {
        List<Answer> answers = new ArrayList<>();
        Reader reader = new Reader(socket);
        try {
            while (answers.size() < expected) {
                String statusLine = reader.line();
                if (statusLine == null) {
                    return new Exchange(answers, true, false, "");
                }
                if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
                    return new Exchange(answers, false, false, statusLine);
                }
                int status = Integer.parseInt(statusLine.substring(9, 12));
                Map<String, String> headers = new TreeMap<>();
                for (String line = reader.line(); line != null && !line.isEmpty(); line = reader.line()) {
                    int colon = line.indexOf(':');
                    headers.merge(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
                if (status >= 100 && status < 200) {
                    continue;
                }
                answers.add(new Answer(status, headers, body(reader, status, headers)));
            }
            boolean announced = answers.get(answers.size() - 1).closes();
            return new Exchange(answers, announced && reader.closedAfter(), false, "");
        } catch (SocketTimeoutException e) {
            return new Exchange(answers, false, true, "");
        } catch (java.net.SocketException reset) {
            return new Exchange(answers, true, false, "");
        }
    }

    private static byte[] body(Reader reader, int status, Map<String, String> headers) throws IOException {
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (String size = reader.line(); size != null; size = reader.line()) {
                int length = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (length == 0) {
                    for (String trailer = reader.line();
                            trailer != null && !trailer.isEmpty();
                            trailer = reader.line()) {
                        // trailers are not used
                    }
                    break;
                }
                body.writeBytes(reader.bytes(length));
                reader.line();
            }
            return body.toByteArray();
        }
        String length = headers.get("content-length");
        if (length != null) {
            return reader.bytes(Integer.parseInt(length));
        }
        return reader.rest();
    }

    /** Lines and counted bytes from a stream, with a cap on what one answer may be. */
    private static final class Reader {

        private final Socket socket;
        private final InputStream in;
        private boolean eof;

        Reader(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); ; b = in.read()) {
                if (b < 0) {
                    eof = true;
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
                if (line.size() > MAX_ANSWER_BYTES) {
                    throw new IOException("answer line too long");
                }
            }
        }

        byte[] bytes(int length) throws IOException {
            if (length > MAX_ANSWER_BYTES) {
                throw new IOException("answer too long: " + length);
            }
            byte[] bytes = in.readNBytes(length);
            eof = bytes.length < length;
            return bytes;
        }

        byte[] rest() throws IOException {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES);
            eof = true;
            return bytes;
        }

        /**
         * Whether the server closes the connection after the last answer read. A server that means to close does so
         * at once, so this waits only briefly: ask for it by sending {@code Connection: close} to keep tests fast.
         */
        boolean closedAfter() throws IOException {
            if (eof) {
                return true;
            }
            socket.setSoTimeout(CLOSE_WAIT_MILLIS);
            try {
                int b = in.read();
                eof = b < 0;
                return eof;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            }
        }
    }
}
