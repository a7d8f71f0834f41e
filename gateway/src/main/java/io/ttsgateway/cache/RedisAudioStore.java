package io.ttsgateway.cache;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.ttsgateway.limits.RedisConnector;
import io.ttsgateway.limits.RedisReplies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Entries in Redis, shared by every replica (API.md §9): one string key per entry under {@code REDIS_KEY_PREFIX}
 * {@code cache:}, its value {@link CachedAudio#encode() the entry's bytes}, set with {@code PX} so it expires
 * {@code ttl} after it was stored (a read does not touch the expiry). One command per lookup or store.
 *
 * <p>Redis away or refusing (down, a timeout, out of memory under {@code noeviction}) is a miss or an entry not kept,
 * never a failed request: a lost cache costs a provider call, not an answer.
 */
public final class RedisAudioStore implements AudioStore {

    private static final Logger log = LoggerFactory.getLogger(RedisAudioStore.class);
    /** Entries whose size this replica remembers for {@code tts_cache_bytes}; past it, the oldest are forgotten. */
    static final int KNOWN_ENTRIES = 100_000;

    private static final long WARN_EVERY_MILLIS = 60_000;

    private final RedisConnector redis;
    private final String prefix;
    private final Duration ttl;
    private final Clock clock;
    private final KnownEntries known = new KnownEntries();
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);
    private final Map<String, Mono<Optional<CachedAudio>>> lookups = new ConcurrentHashMap<>();

    public RedisAudioStore(RedisConnector redis, String keyPrefix, Duration ttl, Clock clock) {
        this.redis = redis;
        this.prefix = keyPrefix + "cache:";
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * One {@code GET} per key at a time: identical lookups while one is in flight share its reply. A notification sent
     * to a thousand users at once is a thousand hits on one entry; without this, a thousand copies of it would cross
     * from Redis at once.
     */
    @Override
    public Mono<CachedAudio> get(String key) {
        Optional<RedisClusterAsyncCommands<String, byte[]>> commands = redis.binary();
        if (commands.isEmpty()) {
            return Mono.empty();
        }
        Mono<Optional<CachedAudio>> shared = lookups.computeIfAbsent(key, k -> fetch(k, commands.get()));
        return Mono.fromCompletionStage(() -> RedisReplies.backOnCaller(shared.toFuture()))
                .flatMap(Mono::justOrEmpty);
    }

    /**
     * The lookup shared by identical requests: run once, unlisted before its answer is handed on (so a request that
     * comes after the answer asks Redis again, and sees what was stored since).
     */
    private Mono<Optional<CachedAudio>> fetch(String key, RedisClusterAsyncCommands<String, byte[]> commands) {
        @SuppressWarnings("unchecked")
        Mono<Optional<CachedAudio>>[] self = new Mono[1];
        self[0] = Mono.fromCompletionStage(() -> commands.get(prefix + key))
                .map(CachedAudio::decode)
                .defaultIfEmpty(Optional.empty())
                .onErrorResume(e -> failed("lookup", e).thenReturn(Optional.empty()))
                .doOnNext(answer -> lookups.remove(key, self[0]))
                .doFinally(signal -> lookups.remove(key, self[0]))
                .cache();
        return self[0];
    }

    @Override
    public Mono<Void> put(String key, CachedAudio audio) {
        Optional<RedisClusterAsyncCommands<String, byte[]>> commands = redis.binary();
        if (commands.isEmpty()) {
            return Mono.empty();
        }
        byte[] value = audio.encode();
        return Mono.fromCompletionStage(() -> RedisReplies.backOnCaller(
                        commands.get().set(prefix + key, value, SetArgs.Builder.px(ttl.toMillis()))))
                .doOnNext(ok -> known.stored(key, value.length, clock.instant().plus(ttl)))
                .then()
                .onErrorResume(e -> failed("store", e));
    }

    @Override
    public long bytes() {
        return known.bytes(clock.instant());
    }

    /**
     * A failed cache command is a miss or an entry not kept, and says nothing about the limits: they notice an
     * unreachable Redis on their own connection (a large entry timing out on this one must not switch every limit
     * to memory).
     */
    private <T> Mono<T> failed(String operation, Throwable error) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
            log.warn(
                    "audio cache {} in redis failed ({}): served as a miss; further failures within a minute are not"
                            + " logged",
                    operation,
                    error.getClass().getSimpleName());
        }
        return Mono.empty();
    }

    /** Sizes and expiries of the entries this replica stored: what {@code tts_cache_bytes} counts. */
    private static final class KnownEntries {
        private record Known(long bytes, Instant expiresAt) {}

        private final LinkedHashMap<String, Known> entries = new LinkedHashMap<>();
        private long total;

        synchronized void stored(String key, long bytes, Instant expiresAt) {
            Known old = entries.remove(key);
            if (old != null) {
                total -= old.bytes();
            }
            entries.put(key, new Known(bytes, expiresAt));
            total += bytes;
            if (entries.size() > KNOWN_ENTRIES) {
                Iterator<Map.Entry<String, Known>> eldest = entries.entrySet().iterator();
                total -= eldest.next().getValue().bytes();
                eldest.remove();
            }
        }

        synchronized long bytes(Instant now) {
            // Insertion order is expiry order (one TTL for all): expired entries are at the front.
            Iterator<Map.Entry<String, Known>> oldest = entries.entrySet().iterator();
            while (oldest.hasNext()) {
                Known next = oldest.next().getValue();
                if (now.isBefore(next.expiresAt())) {
                    break;
                }
                total -= next.bytes();
                oldest.remove();
            }
            return total;
        }
    }
}
