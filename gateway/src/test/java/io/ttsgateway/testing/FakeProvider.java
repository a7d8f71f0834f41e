package io.ttsgateway.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A provider with the ElevenLabs-shaped API, as a real HTTP server on a loopback port (API.md §1). Each request gets
 * the next scripted {@link Behavior}, or the default one: chunked audio with delays, error statuses with
 * ElevenLabs-shaped bodies, hangs, slow first bytes and resets part-way. Requests and closed connections are recorded
 * so tests can count calls and see cancellation reach the provider.
 */
public final class FakeProvider implements AutoCloseable {

    private volatile DisposableServer server;
    private final int port;
    private final java.util.Set<io.netty.channel.Channel> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Behavior> script = new ConcurrentLinkedQueue<>();
    private volatile Behavior fallback = Behavior.audio("fake-audio".getBytes(StandardCharsets.UTF_8));
    /** When set, answers every request the script does not, from the request's body. */
    private volatile java.util.function.Function<String, Behavior> fromBody;

    private volatile Behavior health = Behavior.status(200, "{\"status\":\"ok\"}");
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Recorded> checks = new CopyOnWriteArrayList<>();
    private final AtomicInteger healthChecks = new AtomicInteger();
    private final AtomicInteger subscriptionChecks = new AtomicInteger();
    private volatile Behavior subscription = Behavior.status(200, SUBSCRIPTION_WITH_CHARACTERS);
    public static final String SUBSCRIPTION_WITH_CHARACTERS = "{\"character_count\":10,\"character_limit\":1000}";
    private final AtomicInteger closedConnections = new AtomicInteger();

    public FakeProvider() {
        server = bind(0);
        port = server.port();
    }

    private DisposableServer bind(int onPort) {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(onPort)
                .doOnConnection(c -> {
                    // Per request on a kept-alive connection: track the channel, which outlives requests.
                    io.netty.channel.Channel channel = c.channel();
                    if (open.add(channel)) {
                        channel.closeFuture().addListener(f -> {
                            open.remove(channel);
                            closedConnections.incrementAndGet();
                        });
                    }
                })
                .handle(this::handle)
                .bindNow();
    }

    /** Stops listening, so connections are refused, until {@link #reset()}. */
    public void refuseConnections() {
        server.disposeNow(Duration.ofSeconds(2));
        // Kept-alive connections would still be served: close them as a crashed server would.
        open.forEach(c -> c.close().syncUninterruptibly());
    }

    /** The versioned base URL, as a gateway is configured with it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    public FakeProvider then(Behavior behavior) {
        script.add(behavior);
        return this;
    }

    public FakeProvider always(Behavior behavior) {
        fallback = behavior;
        fromBody = null;
        return this;
    }

    /** Answers every request after the script from what it asked for (its body). */
    public FakeProvider alwaysFromBody(java.util.function.Function<String, Behavior> answer) {
        fromBody = answer;
        return this;
    }

    public FakeProvider health(Behavior behavior) {
        health = behavior;
        return this;
    }

    public void reset() {
        if (server.isDisposed()) {
            server = bind(port);
        }
        script.clear();
        requests.clear();
        checks.clear();
        healthChecks.set(0);
        subscriptionChecks.set(0);
        subscription = Behavior.status(200, SUBSCRIPTION_WITH_CHARACTERS);
        closedConnections.set(0);
        fallback = Behavior.audio("fake-audio".getBytes(StandardCharsets.UTF_8));
        fromBody = null;
        health = Behavior.status(200, "{\"status\":\"ok\"}");
    }

    /** How ElevenLabs' {@code GET /v1/user/subscription} answers. */
    public FakeProvider subscription(Behavior behavior) {
        subscription = behavior;
        return this;
    }

    public int subscriptionChecks() {
        return subscriptionChecks.get();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** Health and subscription requests, which {@link #requests()} leaves out. */
    public List<Recorded> checks() {
        return List.copyOf(checks);
    }

    public int speechCalls() {
        return requests.size();
    }

    public int healthChecks() {
        return healthChecks.get();
    }

    /** Connections that have been closed, by either side. */
    public int closedConnections() {
        return closedConnections.get();
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        if (request.uri().endsWith("/health")) {
            checks.add(new Recorded(request.method().name(), request.uri(), headers(request), ""));
            healthChecks.incrementAndGet();
            return health.respond(response);
        }
        if (request.uri().endsWith("/user/subscription")) {
            checks.add(new Recorded(request.method().name(), request.uri(), headers(request), ""));
            subscriptionChecks.incrementAndGet();
            return subscription.respond(response);
        }
        return request.receive()
                .aggregate()
                .asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("")
                .flatMap(body -> {
                    requests.add(new Recorded(request.method().name(), request.uri(), headers(request), body));
                    Behavior next = script.poll();
                    java.util.function.Function<String, Behavior> answer = fromBody;
                    Behavior chosen = next != null ? next : answer != null ? answer.apply(body) : fallback;
                    return Mono.from(chosen.respond(response));
                });
    }

    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.requestHeaders().forEach(e -> headers.put(e.getKey(), e.getValue()));
        return headers;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(2));
    }

    /**
     * One request as the provider saw it.
     *
     * @param method HTTP method
     * @param uri path and query
     * @param headers request headers, case-insensitive
     * @param body request body
     */
    public record Recorded(String method, String uri, Map<String, String> headers, String body) {}

    /** How the fake answers one request. */
    @FunctionalInterface
    public interface Behavior {

        Publisher<Void> respond(HttpServerResponse response);

        /** Whole audio in one piece. */
        static Behavior audio(byte[] bytes) {
            return chunks(Duration.ZERO, bytes);
        }

        /** Chunked audio, each chunk flushed on its own, {@code gap} before every chunk after the first. */
        static Behavior chunks(Duration gap, byte[]... chunks) {
            return response -> response.header("Content-Type", "audio/mpeg")
                    .send(spaced(Flux.fromArray(chunks).map(Unpooled::wrappedBuffer), gap), b -> true);
        }

        /**
         * {@code count} chunks of {@code size} bytes as fast as the caller reads them, without holding them: every
         * chunk is a view of one direct buffer, so the fake's own outbound queue (up to 128 writes ahead) holds no
         * copies, and a memory measurement of the gateway in the same JVM sees only the gateway. A heap buffer would
         * be copied into a new direct buffer on every write by the native transport.
         */
        static Behavior bulk(int count, int size) {
            ByteBuf shared =
                    Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size));
            return response -> response.header("Content-Type", "audio/mpeg")
                    .send(Flux.range(0, count).map(i -> shared.duplicate()), b -> true);
        }

        /** A chunk every {@code gap}, forever: a stream only the caller can end. */
        static Behavior endless(Duration gap) {
            return response -> response.header("Content-Type", "audio/mpeg")
                    .send(
                            Flux.interval(Duration.ZERO, gap).map(i -> Unpooled.wrappedBuffer(new byte[] {1, 2, 3})),
                            b -> true);
        }

        /** Audio, but only after {@code delay} (the headers come at once: a slow first byte, not a slow connect). */
        static Behavior slowFirstByte(Duration delay, byte[] bytes) {
            return response -> response.header("Content-Type", "audio/mpeg")
                    .send(Mono.delay(delay).map(x -> Unpooled.wrappedBuffer(bytes)), b -> true);
        }

        /** Sends these chunks, then breaks the connection without ending the chunked body. */
        static Behavior resetAfter(Duration gap, byte[]... chunks) {
            return response -> response.header("Content-Type", "audio/mpeg")
                    .send(
                            spaced(Flux.fromArray(chunks).map(Unpooled::wrappedBuffer), gap)
                                    .concatWith(Mono.delay(gap).then(Mono.error(new IOException("simulated reset")))),
                            b -> true);
        }

        /** Never answers. */
        static Behavior hang() {
            return response -> Mono.never();
        }

        static Behavior status(int status, String body) {
            return status(status, body, Map.of());
        }

        static Behavior status(int status, String body, Map<String, String> headers) {
            return response -> {
                response.status(status).header("Content-Type", "application/json");
                headers.forEach(response::header);
                return response.sendString(Mono.just(body));
            };
        }

        /** An ElevenLabs-shaped error: {@code {"detail": {"status": ..., "message": ...}}}. */
        static Behavior error(int status, String code, String message) {
            return status(status, "{\"detail\":{\"status\":\"" + code + "\",\"message\":\"" + message + "\"}}");
        }

        static Behavior delayed(Duration delay, Behavior then) {
            return response -> Mono.delay(delay).then(Mono.from(then.respond(response)));
        }

        private static Flux<ByteBuf> spaced(Flux<ByteBuf> chunks, Duration gap) {
            if (gap.isZero()) {
                return chunks;
            }
            return chunks.index()
                    .concatMap(t -> t.getT1() == 0
                            ? Mono.just(t.getT2())
                            : Mono.delay(gap).map(x -> t.getT2()));
        }
    }
}
