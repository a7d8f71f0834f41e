package io.ttsgateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.JsonPathAssertions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * No overspend, ever (API.md §4): a thousand requests at once against a 500-character daily budget, through HTTP,
 * with the budget in Redis.
 */
class BudgetRaceIT extends GatewayHttpTest {

    static final String PREFIX = TestRedis.uniquePrefix();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("gateway.redis.url", TestRedis::url);
        registry.add("gateway.redis.key-prefix", () -> PREFIX);
    }

    @Test
    void shouldSpendExactlyTheBudgetWhenAThousandRequestsRace() {
        Map<Integer, AtomicInteger> statuses = fire(TestClients.racer(1), 1000);

        assertThat(statuses.get(200).get()).as("500 characters / 5 per request").isEqualTo(100);
        assertThat(statuses.get(429).get()).isEqualTo(900);
        usedToday(TestClients.racer(1)).isEqualTo(500);
    }

    @Test
    void shouldChargeOnlyWhatWasDeliveredWhenSomeRequestsFail() {
        AtomicInteger calls = new AtomicInteger();
        PHOENIX.always(response -> calls.incrementAndGet() % 3 == 0
                ? Behavior.error(500, "x", "x").respond(response)
                : Behavior.audio("ok".getBytes()).respond(response));
        ELEVENLABS.always(Behavior.error(500, "x", "x"));

        Map<Integer, AtomicInteger> statuses = fire(TestClients.racer(2), 1000);

        int delivered = statuses.get(200).get();
        assertThat(statuses.get(502).get()).isPositive();
        assertThat(delivered * 5).isLessThanOrEqualTo(500);
        usedToday(TestClients.racer(2)).isEqualTo(delivered * 5);
    }

    private Map<Integer, AtomicInteger> fire(String key, int requests) {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        statuses.put(200, new AtomicInteger());
        statuses.put(429, new AtomicInteger());
        statuses.put(502, new AtomicInteger());
        ConnectionProvider pool = ConnectionProvider.builder("race")
                .maxConnections(requests)
                .pendingAcquireMaxCount(-1)
                .build();
        HttpClient client = HttpClient.create(pool)
                .baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("Authorization", "Bearer " + key).set("Content-Type", "application/json"));
        AtomicLong started = new AtomicLong();
        try {
            Flux.range(0, requests)
                    .flatMap(
                            i -> client.post()
                                    .uri(i % 2 == 0 ? "/v1/tts" : "/v1/tts/stream")
                                    .send(ByteBufFlux.fromString(Mono.just("{\"text\":\"abcde\"}")))
                                    .responseSingle((response, body) -> body.then(
                                            Mono.just(response.status().code())))
                                    .doOnSubscribe(s -> started.incrementAndGet()),
                            requests)
                    .doOnNext(status -> statuses.computeIfAbsent(status, s -> new AtomicInteger())
                            .incrementAndGet())
                    .blockLast(Duration.ofSeconds(120));
        } finally {
            pool.dispose();
        }
        assertThat(started.get()).isEqualTo(requests);
        return statuses;
    }

    private JsonPathAssertions usedToday(String key) {
        return web.get()
                .uri("/v1/usage")
                .header("X-API-Key", key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.budgets[0].used");
    }
}
