package io.ttsgateway.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notices when the machine stops running the soak: four times a second it asks the gateway's {@code /health} and
 * times its own sleep. An answer or a wake-up more than {@link #STALL_NANOS} late means neither the gateway nor the
 * fakes could keep their timing then (on a shared two-core machine a build can take every CPU for seconds), so a
 * provider timeout that fired meanwhile says nothing about the gateway.
 */
final class StallWatch implements AutoCloseable {

    static final long STALL_NANOS = 1_000_000_000L;

    private static final long PERIOD_MS = 250;

    /** A stretch the soak was not running on time. */
    record Stall(long fromNanos, long toNanos) {

        boolean overlaps(long from, long to) {
            return fromNanos <= to && toNanos >= from;
        }

        double seconds() {
            return (toNanos - fromNanos) / 1e9;
        }
    }

    private final int port;
    private final List<Stall> stalls = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    StallWatch(int port) {
        this.port = port;
        this.thread = new Thread(this::watch, "soak-stall-watch");
        thread.setDaemon(true);
        thread.start();
    }

    List<Stall> stalls() {
        return List.copyOf(stalls);
    }

    /** Whether the soak stalled at some moment between these two. */
    boolean stalledBetween(long fromNanos, long toNanos) {
        return stalls.stream().anyMatch(s -> s.overlaps(fromNanos, toNanos));
    }

    private void watch() {
        while (running) {
            long before = System.nanoTime();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            long woke = System.nanoTime();
            if (woke - before - PERIOD_MS * 1_000_000 > STALL_NANOS) {
                stalls.add(new Stall(before, woke));
            }
            long answered = askHealth();
            if (answered - woke > STALL_NANOS) {
                stalls.add(new Stall(woke, answered));
            }
        }
    }

    /** One {@code GET /health} on a new connection; when it was answered (or gave up). */
    private long askHealth() {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.read();
            long answered = System.nanoTime();
            in.readAllBytes();
            return answered;
        } catch (IOException e) {
            return System.nanoTime();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
