package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.ttsgateway.auth.ClientLimits;
import io.ttsgateway.config.Secret;
import io.ttsgateway.testing.TestRedis;
import io.ttsgateway.testing.TestRedisCluster;
import io.ttsgateway.testing.TestRedisSentinel;
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
 * The store contract against a real Sentinel set (a master, a replica, three sentinels) reached through a
 * {@code redis-sentinel://} URL (API.md §11): the master Lettuce is told of by the sentinels.
 */
class RedisSentinelLimitStoreIT extends LimitStoreContract {

    private static TestRedisSentinel sentinel;
    private static RedisConnector connector;
    private String prefix;

    @BeforeAll
    static void connect() {
        sentinel = TestRedisSentinel.start();
        connector = sentinelConnector();
        connector.start();
        // A first connect can take longer than its timeout on a loaded machine; the next check tries again.
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> connector.usable().isPresent());
    }

    @AfterAll
    static void disconnect() {
        connector.stop();
        sentinel.close();
    }

    private static RedisConnector sentinelConnector() {
        return new RedisConnector(
                new RedisProperties(
                        new Secret(sentinel.url()),
                        "unused:",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30)),
                Clock.systemUTC());
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

        TestRedisCluster.cli(sentinel.master(), "script", "flush");

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
        RedisConnector second = sentinelConnector();
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
