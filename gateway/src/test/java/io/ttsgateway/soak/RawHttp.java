package io.ttsgateway.soak;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A small HTTP/1.1 client over a plain socket, so a virtual caller controls exactly when it reads, how much, and how
 * it leaves: reading slowly through a small receive window, stalling, resetting the connection part-way, or hanging
 * up before the first byte. It checks the framing a caller relies on: a chunked body is complete only with its last
 * chunk, a {@code Content-Length} body only with every byte.
 */
final class RawHttp {

    private static final int READ_TIMEOUT_MS = 20_000;

    private RawHttp() {}

    /** An open connection, reusable by a caller that read its last answer to the end. */
    static final class Connection implements AutoCloseable {
        final Socket socket;
        final BufferedInputStream in;
        final OutputStream out;
        long lastUsedNanos = System.nanoTime();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = socket.getOutputStream();
        }

        /** Leaves abruptly (a reset) or politely (a plain close), as callers do. */
        void abort(boolean reset) {
            try {
                if (reset) {
                    socket.setSoLinger(true, 0);
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            close();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    static Connection open(int port, boolean smallWindow) throws IOException {
        Socket socket = new Socket();
        if (smallWindow) {
            socket.setReceiveBufferSize(16384);
        }
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new Connection(socket);
    }

    /**
     * What the caller saw.
     *
     * @param status the answer's status, -1 when none was read
     * @param bodyBytes audio (or error body) bytes read, without chunk framing
     * @param complete whether the body was read to its proper end
     * @param hungUp whether the caller hung up before any byte of the answer arrived
     * @param left whether the caller left part-way through the body (vanished or stalled)
     * @param transportError what broke the exchange, null when nothing did
     */
    record Response(
            int status,
            Map<String, String> headers,
            long bodyBytes,
            boolean complete,
            long crc,
            String problem,
            boolean hungUp,
            boolean left,
            String transportError,
            boolean reusable) {

        String header(String name) {
            return headers.get(name);
        }

        /** No answer: the exchange broke before a status line was read. */
        static Response failed(String transportError) {
            return new Response(-1, Map.of(), 0, false, 0, null, false, false, transportError, false);
        }
    }

    /** How the caller reads a body: asked before each read, it may pause, or end the exchange by leaving. */
    interface Reading {
        /** @return the most bytes to read next, or 0 to leave now */
        int next(long readSoFar) throws InterruptedException;
    }

    static Response exchange(
            Connection connection, byte[] request, long hangupMs, Reading reading, SplittableRandom random) {
        int status = -1;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try {
            connection.out.write(request);
            connection.out.flush();
            if (hangupMs > 0 && !answeredWithin(connection, hangupMs)) {
                connection.abort(random.nextBoolean());
                return new Response(-1, headers, 0, false, 0, null, true, false, null, false);
            }
            String statusLine = line(connection.in);
            String[] parts = statusLine.split(" ", 3);
            status = Integer.parseInt(parts[1]);
            for (String header = line(connection.in); !header.isEmpty(); header = line(connection.in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim(),
                        header.substring(colon + 1).trim());
            }
            Body body = new Body(status == 200 ? reading : (n) -> 1 << 16, status != 200);
            boolean complete = read(connection.in, headers, body);
            if (body.left) {
                connection.abort(random.nextBoolean());
            }
            boolean reusable = complete && !"close".equalsIgnoreCase(headers.get("Connection"));
            return new Response(
                    status,
                    headers,
                    body.bytes,
                    complete,
                    body.crc.getValue(),
                    body.errorText == null ? null : problem(body.errorText.toString(StandardCharsets.UTF_8)),
                    false,
                    body.left,
                    null,
                    reusable);
        } catch (IOException | RuntimeException e) {
            connection.abort(false);
            return new Response(
                    status,
                    headers,
                    0,
                    false,
                    0,
                    null,
                    false,
                    false,
                    e.getClass().getSimpleName(),
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.abort(true);
            return new Response(status, headers, 0, false, 0, null, false, true, "interrupted", false);
        }
    }

    /** Waits up to {@code ms} without reading; true when the gateway answered first. */
    private static boolean answeredWithin(Connection connection, long ms) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (connection.in.available() > 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return connection.in.available() > 0;
    }

    /** A body being read: counted, checksummed, and kept as text when it is an error. */
    private static final class Body {
        final Reading reading;
        final CRC32 crc = new CRC32();
        final ByteArrayOutputStream errorText;
        long bytes;
        boolean left;

        Body(Reading reading, boolean error) {
            this.reading = reading;
            this.errorText = error ? new ByteArrayOutputStream() : null;
        }

        /** Reads up to {@code max} bytes; false when the caller chose to leave. */
        boolean take(InputStream in, long max) throws IOException, InterruptedException {
            int allowed = reading.next(bytes);
            if (allowed <= 0) {
                left = true;
                return false;
            }
            byte[] buffer = new byte[(int) Math.min(allowed, Math.min(max, 16384))];
            int n = in.read(buffer);
            if (n < 0) {
                throw new EOFException("body cut short");
            }
            crc.update(buffer, 0, n);
            bytes += n;
            if (errorText != null && errorText.size() < 65536) {
                errorText.write(buffer, 0, n);
            }
            return true;
        }
    }

    /** Reads the body as framed; true when it ended properly, false when it was cut or the caller left. */
    private static boolean read(InputStream in, Map<String, String> headers, Body body)
            throws IOException, InterruptedException {
        String length = headers.get("Content-Length");
        String encoding = headers.getOrDefault("Transfer-Encoding", "");
        try {
            if (encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                while (true) {
                    String sizeLine = line(in);
                    int semicolon = sizeLine.indexOf(';');
                    long size =
                            Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                    if (size == 0) {
                        while (!line(in).isEmpty()) {
                            // trailers
                        }
                        return true;
                    }
                    for (long left = size; left > 0; ) {
                        long before = body.bytes;
                        if (!body.take(in, left)) {
                            return false;
                        }
                        left -= body.bytes - before;
                    }
                    line(in);
                }
            }
            if (length != null) {
                for (long left = Long.parseLong(length); left > 0; ) {
                    long before = body.bytes;
                    if (!body.take(in, left)) {
                        return false;
                    }
                    left -= body.bytes - before;
                }
                return true;
            }
            while (body.take(in, Long.MAX_VALUE)) {
                // to the end of the connection
            }
            return false;
        } catch (EOFException cut) {
            return false;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
            if (line.length() > 16384) {
                throw new IOException("line too long");
            }
        }
    }

    /** The problem's slug in any of the three error shapes (problem+json, ElevenLabs', OpenAI's). */
    static String problem(String body) {
        for (String marker : new String[] {"\"type\":\"/problems/", "\"status\":\"", "\"code\":\""}) {
            int at = body.indexOf(marker);
            if (at >= 0) {
                int start = at + marker.length();
                int end = body.indexOf('"', start);
                return end > start ? body.substring(start, end) : null;
            }
        }
        return null;
    }
}
