package io.ttsgateway.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection driven byte by byte, as a broken or hostile caller drives it: headers dripped, bodies
 * stalled, answers never read, requests pipelined. Every wait is bounded, so no test using it can hang.
 */
final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawConnection open(int port) throws IOException {
        return open(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer in bytes (small: a caller that holds little), 0 for the default */
    static RawConnection open(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return new RawConnection(socket);
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /**
     * Sends {@code bytes} one at a time, {@code gap} apart, until the server closes the connection or {@code limit}
     * has passed.
     *
     * @return how long the server let it go on, or null if it was still open at {@code limit}
     */
    Duration dripUntilClosed(String bytes, Duration gap, Duration limit) throws IOException {
        long start = System.nanoTime();
        long end = start + limit.toNanos();
        int next = 0;
        while (System.nanoTime() < end) {
            try {
                send(new byte[] {(byte) bytes.charAt(next % bytes.length())});
                next++;
            } catch (IOException closed) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (closedWithin(gap)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        return null;
    }

    /**
     * Waits up to {@code limit} for the server to close the connection, reading and dropping anything it sends
     * first (an answer, or the rest of one).
     */
    boolean closedWithin(Duration limit) throws IOException {
        return drainUntilClosed(limit) >= 0;
    }

    /** @return the bytes read before the server closed the connection, or -1 if it was still open at {@code limit} */
    long drainUntilClosed(Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return -1;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return read;
                }
                read += n;
            } catch (SocketTimeoutException open) {
                return -1;
            } catch (SocketException reset) {
                return read;
            }
        }
    }

    /** Reads up to {@code max} bytes within {@code limit}, whatever arrives: a slow reader's one sip. */
    int sip(int max, Duration limit) throws IOException {
        socket.setSoTimeout((int) Math.max(1, limit.toMillis()));
        byte[] buffer = new byte[max];
        try {
            int n = in.read(buffer);
            return Math.max(n, 0);
        } catch (SocketTimeoutException nothing) {
            return 0;
        }
    }

    /** Reads one answer: status line, headers, and a body framed by {@code Content-Length} or chunked coding. */
    Response readResponse(Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        String statusLine = line();
        if (statusLine == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * One answer as it came over the wire.
     *
     * @param status the status code
     * @param headers header names in lower case
     * @param body the body, decoded as UTF-8
     */
    record Response(int status, Map<String, String> headers, String body) {}
}
