package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.TestRedisCluster;
import io.ttsgateway.testing.TestRedisSentinel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RealRedisContract} against a real Sentinel set (a master, a replica, three sentinels) reached through a
 * {@code redis-sentinel://} URL (API.md §11): the master Lettuce is told of by the sentinels.
 */
class RedisSentinelLimitStoreIT extends RealRedisContract {

    private TestRedisSentinel sentinel;

    @Override
    protected void startRedis() {
        sentinel = TestRedisSentinel.start();
    }

    @Override
    protected void stopRedis() {
        sentinel.close();
    }

    @Override
    protected RedisProperties properties() {
        return settings(sentinel.url(), "");
    }

    @Override
    protected void flushScripts() {
        TestRedisCluster.cli(sentinel.master(), "script", "flush");
    }

    @Test
    void shouldWriteThroughTheMasterTheSentinelsName() {
        List<Charge> charges = List.of(new Charge(prefix + "where", 10, Duration.ofMinutes(1)));
        block(store().reserve(charges, 3));
        assertThat(TestRedisCluster.cli(sentinel.master(), "get", prefix + "where")
                        .strip())
                .isEqualTo("3");
    }

    @Test
    void shouldReserveMoneyOnlyOnceAReplicaHasItAndGiveItBackWhenNoneAcknowledges() throws Exception {
        List<Charge> charges = List.of(new Charge(prefix + "elevenlabs", 100, Duration.ofMinutes(1)));
        assertThat(block(store().reserveReplicated(charges, 5))).isZero();
        assertThat(TestRedisCluster.cli(sentinel.replica(), "get", prefix + "elevenlabs")
                        .strip())
                .as("on the replica when answered")
                .isEqualTo("5");

        // The replica stops (SIGSTOP): no acknowledgement within the 1 s timeout, so nothing is kept. Shorter than
        // the sentinels' 1 s down-after for a master: the replica only, no failover.
        sentinel.pauseReplica();
        try {
            assertThat(block(store().reserveReplicated(charges, 7))).isEqualTo(LimitStore.UNREPLICATED);
            assertThat(block(store().used(List.of(prefix + "elevenlabs")))).containsExactly(5L);
        } finally {
            sentinel.resumeReplica();
        }
    }
}
