package io.ttsgateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for tests, on the JDK's own client: messages sent one by one, messages received in a queue, the
 * close code and reason the server sent, or the status that refused the upgrade.
 */
public final class TestSocket implements AutoCloseable {

    /** The server's close frame. */
    public record Closed(int code, String reason) {}

    private final WebSocket socket;
    private final BlockingQueue<String> received;
    private final CompletableFuture<Closed> closed;

    private TestSocket(WebSocket socket, BlockingQueue<String> received, CompletableFuture<Closed> closed) {
        this.socket = socket;
        this.received = received;
        this.closed = closed;
    }

    /**
     * Opens a socket, or throws {@link Refused} with the status that refused the upgrade.
     *
     * @param reading whether messages are taken as they come; false leaves them unread until {@link #read}
     */
    public static TestSocket open(URI uri, Map<String, String> headers, boolean reading) {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        WebSocket.Builder builder =
                HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                if (reading) {
                    webSocket.request(1);
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Closed(-1, error.getClass().getSimpleName()));
            }
        };
        try {
            WebSocket socket = builder.buildAsync(uri, listener).join();
            return new TestSocket(socket, received, closed);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new Refused(
                        refused.getResponse().statusCode(),
                        refused.getResponse()
                                .headers()
                                .firstValue("Retry-After")
                                .orElse(null),
                        String.valueOf(refused.getResponse().body()));
            }
            throw e;
        }
    }

    public static TestSocket open(URI uri, Map<String, String> headers) {
        return open(uri, headers, true);
    }

    /** The upgrade was answered with an HTTP status instead. */
    public static final class Refused extends RuntimeException {
        private final int status;

        private final String retryAfter;

        Refused(int status, String retryAfter, String body) {
            super("refused with " + status + ": " + body);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        /** The refusal's {@code Retry-After}, null when it had none. */
        public String retryAfter() {
            return retryAfter;
        }

        public int status() {
            return status;
        }
    }

    public TestSocket send(String message) {
        socket.sendText(message, true).join();
        return this;
    }

    /** One part of a text message sent in several frames; {@code last} ends the message. */
    public TestSocket sendPart(String part, boolean last) {
        socket.sendText(part, last).join();
        return this;
    }

    /** A ping frame; the server answers it with a pong by itself. */
    public TestSocket ping() {
        socket.sendPing(java.nio.ByteBuffer.wrap(new byte[] {1})).join();
        return this;
    }

    /** An unsolicited pong frame: a one-way heartbeat RFC 6455 §5.5.3 allows. */
    public TestSocket pong() {
        socket.sendPong(java.nio.ByteBuffer.wrap(new byte[] {1})).join();
        return this;
    }

    /** A binary frame (not ElevenLabs' protocol). */
    public TestSocket sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** Drops the connection without a close frame. */
    public void abort() {
        socket.abort();
    }

    /** Starts taking messages, for a socket opened without reading. */
    public void read() {
        socket.request(Long.MAX_VALUE);
    }

    /** The next message, or null after {@code timeout}. */
    public String next(Duration timeout) {
        try {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the server's close frame. */
    public Closed closed(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }
}
