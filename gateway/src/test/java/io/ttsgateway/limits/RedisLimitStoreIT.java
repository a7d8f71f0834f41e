package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.ttsgateway.config.Secret;
import io.ttsgateway.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract against a real Redis server; expiry waits for real (short TTLs). */
class RedisLimitStoreIT extends LimitStoreContract {

    private static RedisConnector connector;
    private String prefix;

    @BeforeAll
    static void connect() {
        connector = new RedisConnector(
                new RedisProperties(
                        new Secret(TestRedis.url()),
                        "unused:",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30)),
                Clock.systemUTC());
        connector.start();
        // A first connect can take longer than its timeout on a loaded machine; the next check tries again.
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> connector.usable().isPresent());
    }

    @AfterAll
    static void disconnect() {
        connector.stop();
    }

    @BeforeEach
    void newPrefix() {
        prefix = TestRedis.uniquePrefix();
    }

    @Override
    protected LimitStore store() {
        return connector.usable().orElseThrow();
    }

    @Override
    protected String prefix() {
        return prefix;
    }

    @Override
    protected void elapse(Duration duration) {
        // Redis expires keys and leases by its own clock: here real time must pass (short TTLs keep it brief).
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected Instant now() {
        return Instant.now();
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofMillis(300);
    }

    @Test
    void shouldRunItsScriptsAgainAfterTheServerForgotThem() {
        List<Charge> charges = List.of(new Charge(prefix + "flushed", 10, Duration.ofMinutes(1)));
        block(store().reserve(charges, 1));

        RedisClient.create(TestRedis.url()).connect().sync().scriptFlush();

        assertThat(block(store().reserve(charges, 1))).isZero();
        assertThat(block(store().used(List.of(prefix + "flushed")))).containsExactly(2L);
    }
}
