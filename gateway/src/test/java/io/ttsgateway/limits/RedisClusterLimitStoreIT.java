package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.auth.ClientLimits;
import io.ttsgateway.testing.TestRedis;
import io.ttsgateway.testing.TestRedisCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RealRedisContract} against a real Redis Cluster (three masters, a replica each) reached through Lettuce's
 * cluster client (API.md §11): every script runs unchanged, because the keys of one script share a hash tag, as the
 * gateway's own keys of one client do (here, every key of one test).
 */
class RedisClusterLimitStoreIT extends RealRedisContract {

    private TestRedisCluster cluster;

    @Override
    protected void startRedis() {
        cluster = TestRedisCluster.start();
    }

    @Override
    protected void stopRedis() {
        cluster.close();
    }

    @Override
    protected RedisProperties properties() {
        return settings("", cluster.seeds());
    }

    @Override
    protected void flushScripts() {
        cluster.masters().forEach(port -> TestRedisCluster.cli(port, "script", "flush"));
    }

    /** One test's keys in one slot, as one client's are: {…} is the hash tag. */
    @Override
    protected String newPrefix() {
        return "{" + TestRedis.uniquePrefix() + "}";
    }

    @Test
    void shouldSpreadDifferentClientsOverMoreThanOneMaster() {
        ClientLimits limits = new ClientLimits(60, 10, 1000L, 1000L, false, null, 10);
        LimitKeys keys = new LimitKeys("spread:" + System.nanoTime() + ":");
        for (int client = 0; client < 30; client++) {
            String id = "client-" + client;
            block(store().reserve(
                            List.of(
                                    new Charge(keys.day(id, java.time.LocalDate.now()), 1000, Duration.ofMinutes(5)),
                                    new Charge(keys.month(id, java.time.YearMonth.now()), 1000, Duration.ofMinutes(5))),
                            1));
            block(store().consumeRate(keys.rate(id), limits));
        }
        assertThat(cluster.masters().stream().filter(port -> cluster.keys(port) > 0))
                .as("masters holding keys")
                .hasSizeGreaterThan(1);
    }

    @Test
    void shouldReserveMoneyOnTheSlotsMasterOnceItsReplicaHasIt() {
        List<Charge> charges = List.of(
                new Charge(prefix + "elevenlabs-client", 100, Duration.ofMinutes(1)),
                new Charge(prefix + "elevenlabs-gateway", 1000, Duration.ofMinutes(1)));
        assertThat(block(store().reserveReplicated(charges, 5))).isZero();
        assertThat(block(store().reserveReplicated(charges, 96))).isEqualTo(1);
        assertThat(block(store().used(List.of(prefix + "elevenlabs-client", prefix + "elevenlabs-gateway"))))
                .containsExactly(5L, 5L);
    }
}
