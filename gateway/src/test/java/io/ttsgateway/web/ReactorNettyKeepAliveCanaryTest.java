package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.channel.EventLoop;
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
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Canary for reactor-netty issue 4361 (pull request 4347), the bug that {@code io.ttsgateway.web.DeferredDispatchFilter}
 * works around. A request that reaches the server while the previous exchange on the same connection is still running
 * is queued; when the queue is drained and that request is answered within the same call (a fast {@code GET}), nothing
 * re-arms the read, so the connection never reads again and the caller's next request hangs.
 *
 * <p>A bare Reactor Netty server (no Spring) and a raw socket make the trigger exact: two requests in one write put
 * the second in the queue behind a slow first one; the third request, sent once both are answered, gets no answer.
 * This test passes while the bug exists (reactor-netty 1.3.6, which Spring Boot 4.0.7 brings, and 1.3.7) and fails the
 * day the dependency fixes it, which is the signal to remove the workaround. reactor-netty 1.3.8 (it needs Netty
 * 4.2.18) re-arms the read when the queue drains, and this test fails there.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReactorNettyKeepAliveCanaryTest {

    /** Bounds each expected answer: loopback answers take milliseconds, even on a busy 2-core machine. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    /** How long the third request waits before it counts as hung: a hung request is never answered, nor closed. */
    private static final Duration HANG_TIMEOUT = Duration.ofSeconds(2);

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
    void shouldLeaveTheNextRequestUnansweredWhenAQueuedRequestIsAnsweredAtOnce() throws IOException {
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

            if (third == Outcome.ANSWERED) {
                fail("The keep-alive bug (reactor-netty issue 4361, pull request 4347) is fixed in this reactor-netty"
                        + " version (" + reactorNettyJar() + "): the request after a queued, quickly answered one was"
                        + " answered. Remove the keep-alive workaround (GATEWAY_KEEPALIVE_WORKAROUND and the filter"
                        + " io.ttsgateway.web.DeferredDispatchFilter, with the README note) and this canary.");
            }
            assertThat(third)
                    .as("the third request should hang (reactor-netty issue 4361) in " + reactorNettyJar()
                            + "; a closed connection is a change of behaviour worth a look")
                    .isEqualTo(Outcome.HUNG);
        }
    }

    @Test
    void shouldAnswerEveryRequestWhenEachAnswerIsDeferredByOneEventLoopTask() throws IOException {
        // The workaround's technique: start handling one task later on the connection's own event loop, so the server
        // finishes dequeuing before the answer completes and re-arms the read.
        server = start(Dispatch.ONE_EVENT_LOOP_TASK_LATER);

        try (Socket socket = connect()) {
            send(socket, SLOW_THEN_FAST);
            assertThat(readResponse(socket, ANSWER_TIMEOUT)).isEqualTo("slow");
            assertThat(readResponse(socket, ANSWER_TIMEOUT)).isEqualTo("fast");

            send(socket, get("/fast"));

            assertThat(readResponse(socket, HANG_TIMEOUT))
                    .as("answer to the third request")
                    .isEqualTo("fast");
        }
    }

    /** How each answer is handed to the server, as a filter in front of the handlers would. */
    private interface Dispatch {

        Dispatch AT_ONCE = (request, answer) -> answer;

        Dispatch ONE_EVENT_LOOP_TASK_LATER = (request, answer) -> {
            EventLoop[] loop = new EventLoop[1];
            request.withConnection(connection -> loop[0] = connection.channel().eventLoop());
            return answer.subscribeOn(Schedulers.fromExecutor(loop[0]));
        };

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
