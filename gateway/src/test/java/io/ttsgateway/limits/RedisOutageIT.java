package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.config.Secret;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Redis killed during the test, then started again (API.md §4 "Redis unreachable"): requests keep being served by
 * providers other than ElevenLabs with this replica's own limits, ElevenLabs is not used, {@code /ready} says so,
 * and everything recovers without a restart. Also: a crashed replica's concurrency slots expire.
 */
class RedisOutageIT extends GatewayHttpTest {

    static final TestRedis.Dedicated REDIS = TestRedis.startEmbedded(TestRedis.freePort());
    static final String PREFIX = TestRedis.uniquePrefix();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("gateway.redis.url", REDIS::url);
        registry.add("gateway.redis.key-prefix", () -> PREFIX);
        registry.add("gateway.redis.timeout", () -> "300ms");
        registry.add("gateway.redis.check-interval", () -> "200ms");
        registry.add("gateway.redis.lease-ttl", () -> "1s");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.stop();
    }

    @Test
    void shouldServeWithoutElevenLabsWhileRedisIsDownAndRecoverWhenItReturns() {
        ready().jsonPath("$.components.redis.status").isEqualTo("UP");

        REDIS.stop();
        try {
            post("/v1/tts")
                    .bodyValue("{\"text\":\"still speaking\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-TTS-Provider", "phoenix")
                    .expectHeader()
                    .exists("X-RateLimit-Remaining");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> web.get()
                            .uri("/ready")
                            .exchange()
                            .expectStatus()
                            .isEqualTo(503)
                            .expectBody()
                            .jsonPath("$.components.redis.status")
                            .isEqualTo("DOWN"));
            PHOENIX.always(Behavior.error(503, "busy", "busy"));
            post("/v1/tts/stream")
                    .bodyValue("{\"text\":\"needs a fallback\"}")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(502)
                    .expectBody()
                    .jsonPath("$.attempts[1].provider")
                    .isEqualTo("elevenlabs")
                    .jsonPath("$.attempts[1].outcome")
                    .isEqualTo("redis-unavailable")
                    .jsonPath("$.attempts[1].tries")
                    .isEqualTo(0);
            assertThat(ELEVENLABS.speechCalls()).isZero();
        } finally {
            REDIS.start();
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> web.get()
                        .uri("/ready")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.components.redis.status")
                        .isEqualTo("UP"));
        post("/v1/tts/stream")
                .bodyValue("{\"text\":\"needs a fallback\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs");
    }

    @Test
    void shouldShareLimitsAgainWithinSecondsAfterALongOutage() throws InterruptedException {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> ready().jsonPath("$.components.redis.status").isEqualTo("UP"));
        REDIS.stop();
        try {
            // Long enough for an unbounded reconnect back-off to have grown to several seconds.
            Thread.sleep(12_000);
        } finally {
            REDIS.start();
        }

        await().atMost(Duration.ofSeconds(3))
                .untilAsserted(
                        () -> ready().jsonPath("$.components.redis.status").isEqualTo("UP"));
    }

    @Test
    void shouldLimitPerReplicaInMemoryWhileRedisIsDown() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> ready().jsonPath("$.components.redis.status").isEqualTo("UP"));
        REDIS.stop();
        try {
            for (int i = 0; i < 3; i++) {
                send(8, "{\"text\":\"hi\"}").expectStatus().isOk();
            }
            send(8, "{\"text\":\"hi\"}")
                    .expectStatus()
                    .isEqualTo(429)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("/problems/rate-limited");
        } finally {
            REDIS.start();
        }
    }

    @Test
    void shouldFreeTheSlotsOfACrashedReplicaWhenTheirLeasesExpire() {
        // Another replica took both of limited-9's slots and died: it will never release or renew them.
        RedisConnector crashed = new RedisConnector(
                new RedisProperties(
                        new Secret(REDIS.url()),
                        "unused:",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                Clock.systemUTC());
        crashed.start();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> ready().jsonPath("$.components.redis.status").isEqualTo("UP"));
        String prefix = PREFIX;
        LimitStore store = crashed.usable().orElseThrow();
        String key = new LimitKeys(prefix).streams("limited-9");
        assertThat(store.admit(key, "dead-1", 2, Duration.ofSeconds(1), List.of(), 0)
                        .block(Duration.ofSeconds(5)))
                .isZero();
        assertThat(store.admit(key, "dead-2", 2, Duration.ofSeconds(1), List.of(), 0)
                        .block(Duration.ofSeconds(5)))
                .isZero();
        crashed.stop();

        send(9, "{\"text\":\"x\"}")
                .expectStatus()
                .isEqualTo(429)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/too-many-streams");
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(400))
                .untilAsserted(() -> send(9, "{\"text\":\"x\"}").expectStatus().isOk());
    }

    private WebTestClient.ResponseSpec send(int client, String body) {
        return web.post()
                .uri("/v1/tts")
                .header("Authorization", "Bearer " + TestClients.limited(client))
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.BodyContentSpec ready() {
        return web.get().uri("/ready").exchange().expectBody();
    }
}
