package io.ttsgateway.limits;

import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.ttsgateway.auth.ClientLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Limits in Redis, shared by every replica (API.md §4): Bucket4j's asynchronous Lettuce proxy manager for rates, one
 * Lua script per reservation, refund or lease. One round trip each; nothing blocks. Scripts run by their SHA and are
 * sent again when the server does not know them (after a restart).
 */
public final class RedisLimitStore implements LimitStore {

    /** Each script's SHA-1, computed once rather than on every request. */
    private static final Map<String, String> SHAS = new ConcurrentHashMap<>();

    private final RedisClusterAsyncCommands<String, String> redis;
    private final ReplicatedWrites replicated;
    private final AsyncProxyManager<String> buckets;
    private final Clock clock;
    private final Map<BucketKey, AsyncBucketProxy> bucketProxies = new ConcurrentHashMap<>();

    public RedisLimitStore(
            RedisClusterAsyncCommands<String, String> redis, AsyncProxyManager<String> buckets, Clock clock) {
        this(redis, buckets, clock, null);
    }

    /** @param replicated where writes that must survive a failover go; null: like any other */
    RedisLimitStore(
            RedisClusterAsyncCommands<String, String> redis,
            AsyncProxyManager<String> buckets,
            Clock clock,
            ReplicatedWrites replicated) {
        this.redis = redis;
        this.buckets = buckets;
        this.clock = clock;
        this.replicated = replicated;
    }

    @Override
    public Mono<RateDecision> consumeRate(String key, ClientLimits limits) {
        return Mono.fromCompletionStage(
                        () -> RedisReplies.backOnCaller(bucket(key, limits).tryConsumeAndReturnRemaining(1)))
                .map(probe -> Buckets.decision(probe, limits, clock.instant()));
    }

    @Override
    public Mono<RateDecision> peekRate(String key, ClientLimits limits) {
        return Mono.fromCompletionStage(
                        () -> RedisReplies.backOnCaller(bucket(key, limits).getAvailableTokens()))
                .map(available -> Buckets.peek(available, limits, clock.instant()));
    }

    /**
     * One proxy per client bucket, kept: Bucket4j's optimizations (requests of one client combined into one
     * compare-and-swap, or synchronized in the background) live in the proxy, so a proxy built per request would
     * have none. Clients are configured, so the map is as large as the client list.
     */
    private AsyncBucketProxy bucket(String key, ClientLimits limits) {
        return bucketProxies.computeIfAbsent(
                new BucketKey(key, limits),
                k -> buckets.builder()
                        .withOptimization(Buckets.optimization(k.limits()))
                        .build(k.key(), () -> CompletableFuture.completedFuture(Buckets.configuration(k.limits()))));
    }

    private record BucketKey(String key, ClientLimits limits) {}

    @Override
    public Mono<Integer> reserve(List<Charge> charges, long cost) {
        return script(LimitScripts.RESERVE, keys(charges), reserveArgs(charges, cost))
                .map(Long::intValue);
    }

    private static List<String> reserveArgs(List<Charge> charges, long cost) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(cost));
        for (Charge charge : charges) {
            args.add(Long.toString(charge.limit()));
            args.add(Long.toString(Math.max(1, charge.ttl().toMillis())));
        }
        return args;
    }

    @Override
    public Mono<Integer> reserveReplicated(List<Charge> charges, long cost) {
        if (replicated == null) {
            return reserve(charges, cost);
        }
        String[] keys = keys(charges).toArray(String[]::new);
        String[] args = reserveArgs(charges, cost).toArray(String[]::new);
        String sha = SHAS.computeIfAbsent(LimitScripts.RESERVE, RedisLimitStore::sha1);
        return replicated.run(LimitScripts.RESERVE, sha, keys, args).flatMap(result -> {
            int answer = (int) result.answer();
            if (answer == 0 && !result.acknowledged()) {
                return refund(charges, cost).onErrorResume(e -> Mono.empty()).thenReturn(UNREPLICATED);
            }
            return Mono.just(answer);
        });
    }

    @Override
    public Mono<Void> refund(List<Charge> charges, long cost) {
        return script(LimitScripts.REFUND, keys(charges), List.of(Long.toString(cost)))
                .then();
    }

    @Override
    public Mono<List<Long>> used(List<String> keys) {
        return Mono.fromCompletionStage(() -> RedisReplies.backOnCaller(redis.mget(keys.toArray(String[]::new))))
                .map(values -> values.stream()
                        .map(kv -> kv.hasValue() ? Long.parseLong(kv.getValue()) : 0L)
                        .toList());
    }

    @Override
    public Mono<Void> renewSlots(String key, List<String> leaseIds, Duration ttl) {
        List<String> args = new ArrayList<>(leaseIds.size() + 1);
        args.add(Long.toString(ttl.toMillis()));
        args.addAll(leaseIds);
        return script(LimitScripts.RENEW, List.of(key), args).then();
    }

    @Override
    public Mono<Integer> admit(
            String slotKey, String leaseId, int maxSlots, Duration ttl, List<Charge> charges, long cost) {
        List<String> keys = new ArrayList<>(charges.size() + 1);
        keys.add(slotKey);
        List<String> args = new ArrayList<>(4 + 2 * charges.size());
        args.add(leaseId);
        args.add(Integer.toString(maxSlots));
        args.add(Long.toString(ttl.toMillis()));
        args.add(Long.toString(cost));
        for (Charge charge : charges) {
            keys.add(charge.key());
            args.add(Long.toString(charge.limit()));
            args.add(Long.toString(Math.max(1, charge.ttl().toMillis())));
        }
        return script(LimitScripts.ADMIT, keys, args).map(Long::intValue);
    }

    @Override
    public Mono<Void> finish(String slotKey, String leaseId, List<Charge> refund, long cost) {
        List<String> keys = new ArrayList<>(refund.size() + 1);
        keys.add(slotKey);
        refund.forEach(charge -> keys.add(charge.key()));
        return script(LimitScripts.FINISH, keys, List.of(leaseId, Long.toString(cost)))
                .then();
    }

    @Override
    public Mono<Long> activeSlots(String key) {
        return script(LimitScripts.ACTIVE, List.of(key), List.of());
    }

    private static List<String> keys(List<Charge> charges) {
        return charges.stream().map(Charge::key).toList();
    }

    private Mono<Long> script(String script, List<String> keys, List<String> args) {
        String[] k = keys.toArray(String[]::new);
        String[] a = args.toArray(String[]::new);
        String sha = SHAS.computeIfAbsent(script, RedisLimitStore::sha1);
        return Mono.<Long>fromCompletionStage(
                        () -> RedisReplies.backOnCaller(redis.evalsha(sha, ScriptOutputType.INTEGER, k, a)))
                .onErrorResume(
                        RedisNoScriptException.class,
                        e -> Mono.fromCompletionStage(
                                () -> RedisReplies.backOnCaller(redis.eval(script, ScriptOutputType.INTEGER, k, a))));
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
