package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.ttsgateway.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RealRedisContract} against one Redis: {@code REDIS_URL}, or the embedded one. */
class RedisLimitStoreIT extends RealRedisContract {

    @Override
    protected void startRedis() {}

    @Override
    protected void stopRedis() {}

    @Override
    protected RedisProperties properties() {
        return settings(TestRedis.url(), "");
    }

    @Override
    protected void flushScripts() {
        RedisClient client = RedisClient.create(TestRedis.url());
        try {
            client.connect().sync().scriptFlush();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldNotWaitForAReplicaThatDoesNotExist() {
        // This Redis has no replica: a reservation that would wait for one would wait the whole timeout (1 s).
        List<Charge> charges = List.of(new Charge(prefix + "alone", 10, Duration.ofMinutes(1)));
        long started = System.nanoTime();
        assertThat(block(store().reserveReplicated(charges, 3))).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(800));
        assertThat(block(store().used(List.of(prefix + "alone")))).containsExactly(3L);
    }
}
