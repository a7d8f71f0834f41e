package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.ttsgateway.auth.ClientLimits;
import io.ttsgateway.config.Secret;
import io.ttsgateway.testing.TestRedis;
import io.ttsgateway.testing.TestRedisCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The store contract against a real Redis Cluster (three masters, a replica each) reached through Lettuce's cluster
 * client (API.md §11): every script runs unchanged, because the keys of one script share a hash tag, as the gateway's
 * own keys of one client do (here, every key of one test).
 */
class RedisClusterLimitStoreIT extends LimitStoreContract {

    private static TestRedisCluster cluster;
    private static RedisConnector connector;
    private String prefix;

    @BeforeAll
    static void connect() {
        cluster = TestRedisCluster.start();
        connector = clusterConnector();
        connector.start();
        // A first connect can take longer than its timeout on a loaded machine; the next check tries again.
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> connector.usable().isPresent());
    }

    @AfterAll
    static void disconnect() {
        connector.stop();
        cluster.close();
    }

    private static RedisConnector clusterConnector() {
        return new RedisConnector(
                new RedisProperties(
                        Secret.NONE,
                        "unused:",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        new Secret(cluster.seeds())),
                Clock.systemUTC());
    }

    @BeforeEach
    void newPrefix() {
        // One test's keys in one slot, as one client's are: {…} is the hash tag.
        prefix = "{" + TestRedis.uniquePrefix() + "}";
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

        cluster.masters().forEach(port -> TestRedisCluster.cli(port, "script", "flush"));

        assertThat(block(store().reserve(charges, 1))).isZero();
        assertThat(block(store().used(List.of(prefix + "flushed")))).containsExactly(2L);
    }

    @Test
    void shouldKeepAnExactRateForASmallBurstUnderConcurrency() {
        // Burst 10: below the slack threshold, requests of one client are batched but never taken on trust.
        ClientLimits limits = new ClientLimits(1, 10, null, null, false, null, 10);

        assertThat(allowedFromTwoReplicas(limits, 200)).isEqualTo(10);
    }

    @Test
    void shouldPassALargeBurstByAtMostEachReplicasSlackUnderConcurrency() {
        // Burst 400, refilled once a minute: the 1,000 requests (two replicas) find at most 400 tokens, plus what
        // each replica may take locally before it synchronizes (a twentieth of the burst: 20).
        ClientLimits limits = new ClientLimits(1, 400, null, null, false, null, 10);

        assertThat(allowedFromTwoReplicas(limits, 1_000)).isBetween(400L, 400L + 2 * 20);
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

    @Test
    void shouldHandARedisReplyBackToTheEventLoopThatAskedForIt() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            CompletableFuture<Thread> continuedOn = new CompletableFuture<>();
            List<Charge> charges = List.of(new Charge(prefix + "loop", 10, Duration.ofMinutes(1)));

            loop.execute(() -> store().reserve(charges, 1)
                    .subscribe(
                            answer -> continuedOn.complete(Thread.currentThread()),
                            continuedOn::completeExceptionally));

            assertThat(continuedOn.get(5, TimeUnit.SECONDS))
                    .as("not Lettuce's I/O thread")
                    .isSameAs(loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Requests of one client, 64 at a time, alternately through this replica and a second one. */
    private long allowedFromTwoReplicas(ClientLimits limits, int requests) {
        LimitStore other = secondReplica();
        return Flux.range(0, requests)
                .flatMap(i -> (i % 2 == 0 ? store() : other).consumeRate(prefix + "rate", limits), 64)
                .filter(RateDecision::allowed)
                .count()
                .block(Duration.ofSeconds(30));
    }

    private static LimitStore secondReplica() {
        RedisConnector second = clusterConnector();
        second.start();
        SECOND_REPLICAS.add(second);
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> second.usable().isPresent());
        return second.usable().orElseThrow();
    }

    private static final List<RedisConnector> SECOND_REPLICAS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void disconnectSecondReplicas() {
        SECOND_REPLICAS.forEach(RedisConnector::stop);
    }
}
