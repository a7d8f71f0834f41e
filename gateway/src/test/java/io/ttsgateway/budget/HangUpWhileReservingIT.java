package io.ttsgateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.ttsgateway.limits.LimitKeys;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestRedis;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * API.md §4, refunded when no audio reached the caller: a caller who hangs up while Redis is still answering the
 * budget reservation. Cancelling a command already sent does not take it back, so the reservation lands after the
 * caller left; it must be refunded then. Redis is made slow for writes only ({@code CLIENT PAUSE … WRITE}, on a
 * Redis of this test's own), right when the request's body arrives: the rate token was taken before; the slot and
 * the characters are taken together after the body.
 */
class HangUpWhileReservingIT extends GatewayHttpTest {

    static final TestRedis.Dedicated REDIS = TestRedis.startEmbedded(TestRedis.freePort());
    static final String PREFIX = TestRedis.uniquePrefix();
    static final long PAUSE_MILLIS = 700;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("gateway.redis.url", REDIS::url);
        registry.add("gateway.redis.key-prefix", () -> PREFIX);
        registry.add("gateway.redis.timeout", () -> "3s");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.stop();
    }

    @Test
    void shouldRefundTheReservationOfACallerWhoLeftWhileItWasInFlight() throws Exception {
        String body = "{\"text\":\"0123456789\"}";
        // Another client's request first, so Redis knows the scripts: a first call by SHA is answered NOSCRIPT and
        // sent again in full, which a cancel would stop, hiding the case under test.
        web.post()
                .uri("/v1/tts")
                .header("Authorization", "Bearer " + TestClients.limited(4))
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
        RedisClient client = RedisClient.create(REDIS.url());
        try (StatefulRedisConnection<String, String> redis = client.connect();
                Socket caller = new Socket("127.0.0.1", port)) {
            OutputStream out = caller.getOutputStream();
            out.write(("POST /v1/tts HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + TestClients.limited(3)
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String rate = PREFIX + "{limited-3}:rate";
            await().atMost(Duration.ofSeconds(5))
                    .alias("the rate token is taken before the body is read")
                    .until(() -> redis.sync().exists(rate) == 1);

            pauseWrites(redis, PAUSE_MILLIS);
            out.write(body.substring(1).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofMillis(PAUSE_MILLIS))
                    .pollInterval(Duration.ofMillis(10))
                    .alias("the reservation is queued behind the pause")
                    .until(() -> redis.sync().info("clients").contains("blocked_clients:1"));
        }
        // The caller has left; the reservation is still queued. Once the pause is over (a write of our own waits for
        // it), the reservation lands, and then its refund: the day counter exists and is back at 0.
        String day = new LimitKeys(PREFIX).day("limited-3", LocalDate.now(ZoneOffset.UTC));
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().set(PREFIX + "pause-over", "1");
            await().atMost(Duration.ofSeconds(3))
                    .alias("reserved, then refunded")
                    .until(() -> "0".equals(redis.sync().get(day)));
            await().atMost(Duration.ofSeconds(3))
                    .alias("slot given back")
                    .until(() -> redis.sync().zcard(PREFIX + "{limited-3}:streams") == 0);
        } finally {
            client.shutdown();
        }
        JsonNode usage = web.get()
                .uri("/v1/usage")
                .header("Authorization", "Bearer " + TestClients.limited(3))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(usage.at("/budgets/0/used").asLong())
                .as("day budget after a hang-up before any audio")
                .isZero();
        assertThat(usage.at("/budgets/1/used").asLong()).as("month budget").isZero();
        assertThat(PHOENIX.speechCalls())
                .as("only the warm-up reached a provider")
                .isEqualTo(1);
    }

    /** Holds every client's write commands for a while; reads (and the gateway's health ping) go on. */
    private static void pauseWrites(StatefulRedisConnection<String, String> redis, long millis) {
        redis.sync()
                .dispatch(
                        CommandType.CLIENT,
                        new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8)
                                .add("PAUSE")
                                .add(millis)
                                .add("WRITE"));
    }
}
