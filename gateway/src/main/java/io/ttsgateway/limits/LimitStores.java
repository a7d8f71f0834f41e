package io.ttsgateway.limits;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Which store serves a limit right now (API.md §4). Two policies, chosen per feature:
 *
 * <ul>
 *   <li>{@link #shared}: rates, character budgets and concurrency fail <em>over</em>: Redis when it answers, this
 *       replica's memory when it does not. Requests keep being served, limited per replica, rather than refused
 *       because the limit store is away.
 *   <li>{@link #strict}: the ElevenLabs cost cap fails <em>closed</em>: with Redis configured and unreachable it
 *       cannot be enforced across replicas, so ElevenLabs is not used (money is never spent on a guess).
 * </ul>
 */
public final class LimitStores {

    private static final Logger log = LoggerFactory.getLogger(LimitStores.class);

    private final InMemoryLimitStore memory;
    private final RedisConnector redis;

    /** @param redis null when {@code REDIS_URL} is not set */
    public LimitStores(InMemoryLimitStore memory, RedisConnector redis) {
        this.memory = memory;
        this.redis = redis;
    }

    /** A value and the store that produced it, so a refund or release goes back to the same store. */
    public record Served<T>(LimitStore store, T value) {}

    /** Thrown by {@link #strict} when Redis is configured but unreachable. */
    public static final class StoreUnavailable extends RuntimeException {
        StoreUnavailable() {
            super("redis unavailable", null, false, false);
        }
    }

    public <T> Mono<Served<T>> shared(Function<LimitStore, Mono<T>> operation) {
        Optional<RedisLimitStore> store = redis == null ? Optional.empty() : redis.usable();
        if (store.isEmpty()) {
            return inMemory(operation);
        }
        return operation
                .apply(store.get())
                .map(value -> new Served<T>(store.get(), value))
                .onErrorResume(e -> {
                    if (!RedisErrors.unreachable(e)) {
                        return Mono.error(unusable(e));
                    }
                    redis.markDown(e);
                    log.debug("redis operation failed, served from memory", e);
                    return inMemory(operation);
                });
    }

    /**
     * A reply the gateway cannot use fails the request and is logged once per occurrence, without the value (it is
     * under a client's key, not a secret, but nothing from Redis needs to reach the log but its kind).
     */
    private static StoreAnswerUnusable unusable(Throwable error) {
        log.error(
                "the limit store answered with a value the gateway cannot use ({}): the request fails with 503; "
                        + "check the keys under REDIS_KEY_PREFIX for foreign or corrupt values",
                error.getClass().getName());
        return new StoreAnswerUnusable(error);
    }

    public <T> Mono<Served<T>> strict(Function<LimitStore, Mono<T>> operation) {
        if (redis == null) {
            return inMemory(operation);
        }
        Optional<RedisLimitStore> store = redis.usable();
        if (store.isEmpty()) {
            return Mono.error(new StoreUnavailable());
        }
        return operation
                .apply(store.get())
                .map(value -> new Served<T>(store.get(), value))
                .onErrorMap(e -> {
                    if (!RedisErrors.unreachable(e)) {
                        return unusable(e);
                    }
                    redis.markDown(e);
                    return new StoreUnavailable();
                });
    }

    private <T> Mono<Served<T>> inMemory(Function<LimitStore, Mono<T>> operation) {
        return operation.apply(memory).map(value -> new Served<>(memory, value));
    }

    /** {@code /ready}'s redis component: {@code UP}, {@code DOWN}, or {@code memory} when not configured. */
    public String state() {
        if (redis == null) {
            return "memory";
        }
        return redis.isUp() ? "UP" : "DOWN";
    }

    /**
     * {@code /ready}'s redis details: the topology and, for a cluster, its masters as last known and whether they
     * serve every slot (API.md §11). Empty without Redis.
     */
    public Map<String, Object> topology() {
        return redis == null ? Map.of() : redis.topology();
    }
}
