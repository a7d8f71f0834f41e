package io.ttsgateway.limits;

import static org.awaitility.Awaitility.await;

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
import reactor.core.Disposable;

/** Two gateway replicas on one Redis share every limit (API.md §4 "Where"). */
class TwoInstancesIT {

    private static final FakeProvider PHOENIX = new FakeProvider();
    private static final FakeProvider ELEVENLABS = new FakeProvider();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static WebTestClient a;
    private static WebTestClient b;

    @BeforeAll
    static void startTwoReplicas() {
        String prefix = TestRedis.uniquePrefix();
        String clients = TestClients.write().toString();
        first = start(prefix, clients);
        second = start(prefix, clients);
        a = client(first);
        b = client(second);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        PHOENIX.close();
        ELEVENLABS.close();
    }

    @Test
    void shouldShareTheRateBucket() {
        send(a, 1, "{\"text\":\"one\"}").expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Remaining", "2");
        send(b, 1, "{\"text\":\"two\"}").expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Remaining", "1");
        send(a, 1, "{\"text\":\"three\"}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining", "0");

        send(b, 1, "{\"text\":\"four\"}").expectStatus().isEqualTo(429);
    }

    @Test
    void shouldShareCharacterBudgets() {
        send(a, 2, "{\"text\":\"" + "a".repeat(30) + "\"}").expectStatus().isOk();
        send(b, 2, "{\"text\":\"" + "b".repeat(21) + "\"}")
                .expectStatus()
                .isEqualTo(429)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/budget-exhausted");

        usage(b, 2).jsonPath("$.budgets[0].used").isEqualTo(30);
    }

    @Test
    void shouldShareTheElevenLabsCap() {
        PHOENIX.always(Behavior.error(500, "x", "x"));
        send(a, 4, "{\"text\":\"" + "a".repeat(15) + "\"}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs");

        send(b, 4, "{\"text\":\"" + "b".repeat(10) + "\"}")
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("cap:client-elevenlabs");
        usage(a, 4).jsonPath("$.elevenlabs.used").isEqualTo(15);
        PHOENIX.always(Behavior.audio("ok".getBytes()));
    }

    @Test
    void shouldShareConcurrencySlots() {
        PHOENIX.always(Behavior.endless(Duration.ofMillis(50)));
        Disposable one = hold(a, 3);
        Disposable two = hold(b, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> PHOENIX.speechCalls() >= 2);

        send(a, 3, "{\"text\":\"x\"}")
                .expectStatus()
                .isEqualTo(429)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/too-many-streams");
        usage(b, 3).jsonPath("$.concurrent.active").isEqualTo(2);
        one.dispose();
        two.dispose();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> usage(a, 3).jsonPath("$.concurrent.active").isEqualTo(0));
        PHOENIX.always(Behavior.audio("ok".getBytes()));
    }

    private static ConfigurableApplicationContext start(String prefix, String clients) {
        return new SpringApplication(GatewayApplication.class)
                .run(
                        "--server.port=0",
                        "--gateway.redis.url=" + TestRedis.url(),
                        "--gateway.redis.key-prefix=" + prefix,
                        "--gateway.clients.file=" + clients,
                        "--gateway.voices.file=../config/voices.yml",
                        "--gateway.phoenix.base-url=" + PHOENIX.baseUrl(),
                        "--gateway.elevenlabs.api-key=test-key",
                        "--gateway.elevenlabs.base-url=" + ELEVENLABS.baseUrl(),
                        "--gateway.local.enabled=false");
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static WebTestClient.ResponseSpec send(WebTestClient replica, int client, String body) {
        return replica.post()
                .uri("/v1/tts")
                .header("Authorization", "Bearer " + TestClients.limited(client))
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange();
    }

    private static WebTestClient.BodyContentSpec usage(WebTestClient replica, int client) {
        return replica.get()
                .uri("/v1/usage")
                .header("X-API-Key", TestClients.limited(client))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    private static Disposable hold(WebTestClient replica, int client) {
        return replica.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/v1/tts/stream")
                .header("Authorization", "Bearer " + TestClients.limited(client))
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"hold\"}")
                .exchange()
                .returnResult(byte[].class)
                .getResponseBody()
                .subscribe();
    }
}
