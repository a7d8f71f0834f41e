package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestRedis;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * API.md §10: a value under the gateway's keys that it cannot use (written by hand, by another program, or corrupt)
 * fails that client's request with 503 and is logged; it never switches the replica to "Redis unreachable", so no
 * other client's limits move to memory, and it never resets the client's budget.
 */
class CorruptRedisValueIT extends GatewayHttpTest {

    static final String PREFIX = TestRedis.uniquePrefix();
    static RedisClient client;
    static StatefulRedisConnection<String, String> redis;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("gateway.redis.url", TestRedis::url);
        registry.add("gateway.redis.key-prefix", () -> PREFIX);
    }

    @BeforeAll
    static void connect() {
        client = RedisClient.create(TestRedis.url());
        redis = client.connect();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        client.shutdown();
    }

    @Test
    void shouldFailOnlyTheAffectedClientAndKeepItsBudgetWhenACounterIsCorrupt() {
        String dayKey = new LimitKeys(PREFIX).day("limited-14", LocalDate.now(ZoneOffset.UTC));
        speak(14).expectStatus().isOk();
        assertThat(redis.sync().get(dayKey)).isEqualTo("5");

        redis.sync().set(dayKey, "not-a-number");
        speak(14)
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/limits-unavailable");

        web.get()
                .uri("/ready")
                .exchange()
                .expectBody()
                .jsonPath("$.components.redis.status")
                .isEqualTo("UP");
        speak(13).expectStatus().isOk();
        assertThat(redis.sync().get(new LimitKeys(PREFIX).day("limited-13", LocalDate.now(ZoneOffset.UTC))))
                .as("another client's budget is still counted in Redis, not in memory")
                .isEqualTo("5");
        assertThat(redis.sync().get(dayKey))
                .as("the corrupt value is left for an operator to see")
                .isEqualTo("not-a-number");

        redis.sync().set(dayKey, "45");
        speak(14).expectStatus().isOk();
        speak(14).expectStatus().isEqualTo(429);
        assertThat(redis.sync().get(dayKey)).isEqualTo("50");
    }

    private WebTestClient.ResponseSpec speak(int limited) {
        return web.post()
                .uri("/v1/tts")
                .header("Authorization", "Bearer " + TestClients.limited(limited))
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"hello\"}")
                .exchange();
    }
}
