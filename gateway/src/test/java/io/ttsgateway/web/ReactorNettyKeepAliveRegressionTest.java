package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Guard for reactor-netty issue 4361 (pull request 4347), fixed in reactor-netty 1.3.8, which this build uses. A
 * request that reaches the server while the previous exchange on the same connection is still running is queued; in
 * 1.3.6 and 1.3.7, when the queue was drained and that request answered within the same call (a fast {@code GET}),
 * nothing re-armed the read, so the connection never read again and the caller's next request hung. The gateway used
 * to work around it by dispatching every exchange one event-loop task later; this test was its canary, and failed the
 * day the upgrade fixed the bug, so the workaround is gone. It now fails if a dependency change brings the bug back:
 * then pin a fixed reactor-netty, or restore the deferred dispatch from the history.
 *
 * <p>A bare Reactor Netty server (no Spring) and a raw socket make the trigger exact: two requests in one write put
 * the second in the queue behind a slow first one; the third request is sent once both are answered.
 * {@code api/KeepAliveIT} checks the same through the whole gateway.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReactorNettyKeepAliveRegressionTest {

    /** Bounds each expected answer: loopback answers take milliseconds, even on a busy 2-core machine. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /** How long the third request waits before it counts as hung: a hung request is never answered, nor closed. */
    private static final Duration HANG_TIMEOUT = Duration.ofSeconds(5);

    /** Keeps the first exchange running while the second request arrives, so the second is queued. */
    private static final Duration SLOW_ANSWER = Duration.ofMillis(50);

    private static final String SLOW_THEN_FAST = get("/slow") + get("/fast");

    private DisposableServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldAnswerTheRequestAfterAQueuedRequestThatWasAnsweredAtOnce() throws IOException {
        server = start(Dispatch.AT_ONCE);

        try (Socket socket = connect()) {
            send(socket, SLOW_THEN_FAST);
            assertThat(readResponse(socket, ANSWER_TIMEOUT))
                    .as("answer to the slow request")
                    .isEqualTo("slow");
            assertThat(readResponse(socket, ANSWER_TIMEOUT))
                    .as("answer to the queued fast request")
                    .isEqualTo("fast");

            send(socket, get("/fast"));
            Outcome third = awaitThird(socket);

            assertThat(third)
                    .as("reactor-netty issue 4361 is back in " + reactorNettyJar() + ": the request after a queued,"
                            + " quickly answered one was not answered. Pin a fixed reactor-netty (1.3.8 or later) or"
                            + " restore the deferred-dispatch workaround")
                    .isEqualTo(Outcome.ANSWERED);
        }
    }

    /** How each answer is handed to the server, as a filter in front of the handlers would. */
    private interface Dispatch {

        Dispatch AT_ONCE = (request, answer) -> answer;

        Mono<Void> apply(HttpServerRequest request, Mono<Void> answer);
    }

    private static DisposableServer start(Dispatch dispatch) {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get(
                                "/slow",
                                answer(dispatch, Mono.delay(SLOW_ANSWER).thenReturn("slow")))
                        .get("/fast", answer(dispatch, Mono.just("fast"))))
                .bindNow(Duration.ofSeconds(5));
    }

    /** A handler answering with a 4-character body, handed to the server through the given dispatch. */
    private static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> answer(
            Dispatch dispatch, Mono<String> body) {
        return (request, response) -> dispatch.apply(
                request, response.header("Content-Length", "4").sendString(body).then());
    }

    private enum Outcome {
        ANSWERED,
        HUNG,
        CLOSED
    }

    private static Outcome awaitThird(Socket socket) throws IOException {
        try {
            readResponse(socket, HANG_TIMEOUT);
            return Outcome.ANSWERED;
        } catch (SocketTimeoutException hung) {
            return Outcome.HUNG;
        } catch (EOFException closed) {
            return Outcome.CLOSED;
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) ANSWER_TIMEOUT.toMillis());
        return socket;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    /** Sends in one write, so requests given together arrive together. */
    private static void send(Socket socket, String requests) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(requests.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one {@code 200} response with a {@code Content-Length} and returns its body. */
    private static String readResponse(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        String statusLine = readLine(in);
        assertThat(statusLine).startsWith("HTTP/1.1 200");
        int length = -1;
        for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(
                        lower.substring("content-length:".length()).trim());
            }
        }
        assertThat(length).as("Content-Length of the response").isNotNegative();
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("connection closed in a response body");
        }
        return new String(body, StandardCharsets.US_ASCII);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed before a full response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String reactorNettyJar() {
        String location = String.valueOf(
                HttpServer.class.getProtectionDomain().getCodeSource().getLocation());
        return location.substring(location.lastIndexOf('/', location.length() - 2) + 1);
    }
}
