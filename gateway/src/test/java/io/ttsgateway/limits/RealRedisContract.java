package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.ttsgateway.auth.ClientLimits;
import io.ttsgateway.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;

/**
 * The store contract, and what only a real Redis shows (scripts forgotten, rates shared by two replicas, replies
 * handed back to the event loop), against one Redis topology (API.md §11: one suite, run against standalone, Sentinel
 * and Cluster). Each subclass starts its Redis once for the class; expiry waits for real (short TTLs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealRedisContract extends LimitStoreContract {

    private RedisConnector connector;
    private final List<RedisConnector> secondReplicas = new CopyOnWriteArrayList<>();
    protected String prefix;

    /** Starts the Redis processes this topology needs (or none). */
    protected abstract void startRedis();

    protected abstract void stopRedis();

    /** The settings that reach this topology. */
    protected abstract RedisProperties properties();

    /** Makes every master forget every script, as a restart would. */
    protected abstract void flushScripts();

    /** A prefix for one test's keys. */
    protected String newPrefix() {
        return TestRedis.uniquePrefix();
    }

    @BeforeAll
    void connect() {
        startRedis();
        connector = connected();
    }

    @AfterAll
    void disconnect() {
        secondReplicas.forEach(RedisConnector::stop);
        connector.stop();
        stopRedis();
    }

    @BeforeEach
    void newTestPrefix() {
        prefix = newPrefix();
    }

    private RedisConnector connected() {
        RedisConnector started = new RedisConnector(properties(), Clock.systemUTC());
        started.start();
        // A first connect can take longer than its timeout on a loaded machine; the next check tries again.
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> started.usable().isPresent());
        return started;
    }

    protected static RedisProperties settings(String url, String clusterNodes) {
        return new RedisProperties(
                new io.ttsgateway.config.Secret(url),
                "unused:",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                new io.ttsgateway.config.Secret(clusterNodes));
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

        flushScripts();

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
    void shouldHandARedisReplyBackToTheEventLoopThatAskedForIt() throws Exception {
        assertThat(continuedOnTheLoopAfterReserving("loop"))
                .as("not Lettuce's I/O thread")
                .isTrue();
    }

    @Test
    void shouldHandTheReplyBackEvenAfterTheServerForgotItsScripts() throws Exception {
        // NOSCRIPT is an error: it must come back to the event loop too, and the script sent again from there.
        flushScripts();
        assertThat(continuedOnTheLoopAfterReserving("forgotten")).isTrue();
    }

    private boolean continuedOnTheLoopAfterReserving(String key) throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            CompletableFuture<Thread> continuedOn = new CompletableFuture<>();
            List<Charge> charges = List.of(new Charge(prefix + key, 10, Duration.ofMinutes(1)));
            loop.execute(() -> store().reserve(charges, 1)
                    .subscribe(
                            answer -> continuedOn.complete(Thread.currentThread()),
                            continuedOn::completeExceptionally));
            return continuedOn.get(5, TimeUnit.SECONDS)
                    == loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Requests of one client, 64 at a time, alternately through this replica and a second one. */
    private long allowedFromTwoReplicas(ClientLimits limits, int requests) {
        RedisConnector second = connected();
        secondReplicas.add(second);
        LimitStore other = second.usable().orElseThrow();
        return Flux.range(0, requests)
                .flatMap(i -> (i % 2 == 0 ? store() : other).consumeRate(prefix + "rate", limits), 64)
                .filter(RateDecision::allowed)
                .count()
                .block(Duration.ofSeconds(30));
    }
}
