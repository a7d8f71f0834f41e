package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.GatewayApplication;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Replicas on one Redis share cache entries when they share {@code TTS_CACHE_SECRET}, and only then (API.md §9): a
 * sentence made on one replica is a hit on another.
 */
class CacheReplicasIT {

    private static final FakeProvider PHOENIX = new FakeProvider();
    private static final String SECRET = "replicas-share-this-secret-0123456789";
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static ConfigurableApplicationContext stranger;

    @BeforeAll
    static void startReplicas() {
        String prefix = TestRedis.uniquePrefix();
        String clients = TestClients.write().toString();
        first = start(prefix, clients, SECRET);
        second = start(prefix, clients, SECRET);
        stranger = start(prefix, clients, "another-secret-of-at-least-32-bytes!!");
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        stranger.close();
        PHOENIX.close();
    }

    @Test
    void shouldServeOneReplicasEntryFromAnotherWithTheSameSecretOnly() {
        PHOENIX.always(Behavior.audio("made-once".getBytes()));
        String body = "{\"text\":\"Made on one replica\"}";

        send(first, body).expectHeader().valueEquals("X-TTS-Cache", "MISS");
        send(second, body)
                .expectHeader()
                .valueEquals("X-TTS-Cache", "HIT")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix")
                .expectHeader()
                .valueEquals("X-TTS-Characters", "0")
                .expectBody(byte[].class)
                .isEqualTo("made-once".getBytes());
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);

        send(stranger, body).expectHeader().valueEquals("X-TTS-Cache", "MISS");
        assertThat(PHOENIX.speechCalls()).isEqualTo(2);
    }

    private static ConfigurableApplicationContext start(String prefix, String clients, String secret) {
        return new SpringApplication(GatewayApplication.class)
                .run(
                        "--server.port=0",
                        "--gateway.redis.url=" + TestRedis.url(),
                        "--gateway.redis.key-prefix=" + prefix,
                        "--gateway.cache.secret=" + secret,
                        "--gateway.clients.file=" + clients,
                        "--gateway.voices.file=../config/voices.yml",
                        "--gateway.phoenix.base-url=" + PHOENIX.baseUrl(),
                        "--gateway.local.enabled=false");
    }

    private static WebTestClient.ResponseSpec send(ConfigurableApplicationContext replica, String body) {
        String port = replica.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build()
                .post()
                .uri("/v1/tts")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }
}
