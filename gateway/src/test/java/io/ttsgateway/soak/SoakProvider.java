package io.ttsgateway.soak;

import io.ttsgateway.soak.FaultPlan.Plan;
import io.ttsgateway.testing.FakeProvider.Behavior;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A fake provider for the soak: a real HTTP server on a loopback port speaking the ElevenLabs-shaped API (API.md §1)
 * with the test fakes' behaviours. Each call is answered as the request's {@link Plan} says for that provider and
 * try (found by the {@code X-Request-Id} the gateway forwards) and remembered, so the soak knows afterwards exactly
 * what each provider received and how it answered: for ElevenLabs, which calls it may bill.
 */
final class SoakProvider implements AutoCloseable {

    /**
     * One call as the provider received and answered it.
     *
     * @param tryIndex 0 for the request's first call to this provider
     * @param atNanos when the whole request had arrived ({@link System#nanoTime()})
     */
    record Receipt(String provider, int tryIndex, Answer answer, long atNanos) {}

    private final String name;
    private final Map<String, Plan> plans;
    private final DisposableServer server;
    private final Map<String, List<Receipt>> receipts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answered = new ConcurrentHashMap<>();
    private final LongAdder unplanned = new LongAdder();
    private final LongAdder healthChecks = new LongAdder();
    private volatile boolean healthy = true;

    SoakProvider(String name, Map<String, Plan> plans) {
        this.name = name;
        this.plans = plans;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(this::handle)
                .bindNow();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** Phoenix's health probe answers 503 while false (it is then marked down after a few probes). */
    void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    /** The calls this provider received for one request, in order. */
    List<Receipt> receipts(String requestId) {
        List<Receipt> list = receipts.get(requestId);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** Every call received, for counting. */
    List<Receipt> allReceipts() {
        List<Receipt> all = new ArrayList<>();
        receipts.values().forEach(list -> {
            synchronized (list) {
                all.addAll(list);
            }
        });
        return all;
    }

    /** Answers given, by kind: the faults injected. */
    Map<String, Long> answered() {
        Map<String, Long> counts = new TreeMap<>();
        answered.forEach((label, n) -> counts.put(label, n.sum()));
        return counts;
    }

    long unplanned() {
        return unplanned.sum();
    }

    long healthChecks() {
        return healthChecks.sum();
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String uri = request.uri();
        if (uri.endsWith("/health")) {
            healthChecks.increment();
            return healthy
                    ? Behavior.status(200, "{\"status\":\"ok\"}").respond(response)
                    : Behavior.status(503, "{\"status\":\"down\"}").respond(response);
        }
        if (uri.endsWith("/user/subscription")) {
            return Behavior.status(200, "{\"character_count\":10,\"character_limit\":100000000}")
                    .respond(response);
        }
        String requestId = request.requestHeaders().get("X-Request-Id", "");
        return request.receive()
                .aggregate()
                .asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("")
                .flatMap(body -> Mono.from(answer(requestId).respond(response)));
    }

    private Behavior answer(String requestId) {
        Plan plan = plans.get(requestId);
        List<Receipt> list = receipts.computeIfAbsent(requestId, id -> new ArrayList<>(2));
        Answer answer;
        synchronized (list) {
            int tryIndex = list.size();
            answer = plan != null ? plan.answer(name, tryIndex) : Answer.audio(1, 1024, 0, requestId.hashCode());
            list.add(new Receipt(name, tryIndex, answer, System.nanoTime()));
        }
        if (plan == null) {
            unplanned.increment();
        }
        answered.computeIfAbsent(answer.label(), l -> new LongAdder()).increment();
        return answer.behavior();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
