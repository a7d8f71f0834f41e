package io.ttsgateway.benchmark;

import io.ttsgateway.auth.Client;
import io.ttsgateway.auth.ClientLimits;
import io.ttsgateway.budget.BudgetWindows;
import io.ttsgateway.config.Secret;
import io.ttsgateway.limits.Charge;
import io.ttsgateway.limits.InMemoryLimitStore;
import io.ttsgateway.limits.LimitKeys;
import io.ttsgateway.limits.LimitStore;
import io.ttsgateway.limits.RedisConnector;
import io.ttsgateway.limits.RedisProperties;
import io.ttsgateway.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What the limit checks add to one synthesis request, against Redis on loopback and in memory: the rate token, the
 * concurrency lease and the two-window character reservation, as the request path runs them (one after the other),
 * plus the lease release. Not part of the test run (its name matches neither *Test nor *IT); run it with
 *
 * <pre>./mvnw -pl gateway test -Dtest=LimitsLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * and read the figures it prints. Uses {@code REDIS_URL} when set, else an embedded redis-server.
 */
class LimitsLatencyBenchmark {

    private static final int WARMUP = 2_000;
    private static final int MEASURED = 10_000;

    @Test
    void measure() {
        RedisConnector redis = new RedisConnector(
                new RedisProperties(
                        new Secret(TestRedis.url()),
                        "bench:",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30)),
                Clock.systemUTC());
        redis.start();
        try {
            report("redis (loopback)", redis.usable().orElseThrow());
            report("memory", new InMemoryLimitStore(Clock.systemUTC()));
        } finally {
            redis.stop();
        }
    }

    private static void report(String name, LimitStore store) {
        String prefix = TestRedis.uniquePrefix();
        LimitKeys keys = new LimitKeys(prefix);
        Client client = new Client(
                "bench",
                new byte[32],
                new ClientLimits(1_000_000_000, 1_000_000_000, null, null, true, null, 1_000_000));
        BudgetWindows windows = new BudgetWindows(keys);
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long start = System.nanoTime();
            List<Charge> charges = windows.clientWindows(client, Instant.now()).stream()
                    .map(BudgetWindows.Window::charge)
                    .toList();
            String lease = "l" + i;
            // The request's admission as the gateway makes it: a rate token, then slot and characters in one step.
            Mono.when(store.consumeRate(keys.rate(client.id()), client.limits())
                            .then(store.admit(
                                    keys.streams(client.id()), lease, 1_000_000, Duration.ofSeconds(30), charges, 42)))
                    .block(Duration.ofSeconds(5));
            long elapsed = System.nanoTime() - start;
            store.finish(keys.streams(client.id()), lease, List.of(), 0).block(Duration.ofSeconds(5));
            if (i >= WARMUP) {
                nanos[i - WARMUP] = elapsed;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                "limit checks per request, %s: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (%d requests)%n",
                name, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[MEASURED - 1] / 1e6, MEASURED);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
