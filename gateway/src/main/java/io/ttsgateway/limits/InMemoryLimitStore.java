package io.ttsgateway.limits;

import io.github.bucket4j.Bucket;
import io.ttsgateway.auth.ClientLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Limits in this process only: the embedded default, and the fallback while Redis is unreachable. Same semantics as
 * {@link RedisLimitStore}; counters and leases expire by the injected clock. Every operation is a short critical
 * section in memory, never I/O, so it is safe on an event loop.
 */
public final class InMemoryLimitStore implements LimitStore {

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new HashMap<>();
    private final Map<String, Map<String, Instant>> leases = new HashMap<>();

    public InMemoryLimitStore(Clock clock) {
        this.clock = clock;
    }

    private record Counter(long value, Instant expiresAt) {}

    @Override
    public Mono<RateDecision> consumeRate(String key, ClientLimits limits) {
        return Mono.fromSupplier(
                () -> Buckets.decision(bucket(key, limits).tryConsumeAndReturnRemaining(1), limits, clock.instant()));
    }

    @Override
    public Mono<RateDecision> peekRate(String key, ClientLimits limits) {
        return Mono.fromSupplier(() -> Buckets.peek(bucket(key, limits).getAvailableTokens(), limits, clock.instant()));
    }

    private Bucket bucket(String key, ClientLimits limits) {
        return buckets.computeIfAbsent(
                key,
                k -> Bucket.builder()
                        .addLimit(l -> l.capacity(limits.burst())
                                .refillGreedy(limits.requestsPerMinute(), Duration.ofMinutes(1)))
                        .build());
    }

    @Override
    public Mono<Integer> reserve(List<Charge> charges, long cost) {
        return Mono.fromSupplier(() -> reserveNow(charges, cost));
    }

    private int reserveNow(List<Charge> charges, long cost) {
        synchronized (counters) {
            Instant now = clock.instant();
            for (int i = 0; i < charges.size(); i++) {
                Charge charge = charges.get(i);
                if (charge.limited() && current(charge.key(), now) + cost > charge.limit()) {
                    return i + 1;
                }
            }
            for (Charge charge : charges) {
                counters.put(charge.key(), new Counter(current(charge.key(), now) + cost, now.plus(charge.ttl())));
            }
            return 0;
        }
    }

    @Override
    public Mono<Void> refund(List<Charge> charges, long cost) {
        return Mono.fromRunnable(() -> {
            synchronized (counters) {
                Instant now = clock.instant();
                for (Charge charge : charges) {
                    Counter counter = counters.get(charge.key());
                    if (counter != null && counter.expiresAt().isAfter(now)) {
                        counters.put(
                                charge.key(), new Counter(Math.max(0, counter.value() - cost), counter.expiresAt()));
                    }
                }
            }
        });
    }

    @Override
    public Mono<List<Long>> used(List<String> keys) {
        return Mono.fromSupplier(() -> {
            synchronized (counters) {
                Instant now = clock.instant();
                List<Long> values = new ArrayList<>();
                keys.forEach(k -> values.add(current(k, now)));
                return values;
            }
        });
    }

    /** Caller holds the lock. */
    private long current(String key, Instant now) {
        Counter counter = counters.get(key);
        if (counter == null || !counter.expiresAt().isAfter(now)) {
            counters.remove(key);
            return 0;
        }
        return counter.value();
    }

    @Override
    public Mono<Void> renewSlots(String key, List<String> leaseIds, Duration ttl) {
        return Mono.fromRunnable(() -> {
            synchronized (leases) {
                Map<String, Instant> held = live(key);
                for (String leaseId : leaseIds) {
                    held.computeIfPresent(
                            leaseId, (id, expiry) -> clock.instant().plus(ttl));
                }
            }
        });
    }

    private Mono<Void> releaseSlot(String key, String leaseId) {
        return Mono.fromRunnable(() -> {
            synchronized (leases) {
                live(key).remove(leaseId);
            }
        });
    }

    @Override
    public Mono<Long> activeSlots(String key) {
        return Mono.fromSupplier(() -> {
            synchronized (leases) {
                return (long) live(key).size();
            }
        });
    }

    /** Caller holds the lock. */
    private Map<String, Instant> live(String key) {
        Map<String, Instant> held = leases.computeIfAbsent(key, k -> new HashMap<>());
        Instant now = clock.instant();
        held.values().removeIf(expiry -> !expiry.isAfter(now));
        return held;
    }

    @Override
    public Mono<Integer> admit(
            String slotKey, String leaseId, int maxSlots, Duration ttl, List<Charge> charges, long cost) {
        return Mono.fromSupplier(() -> {
            // Leases first, then counters: the one lock order of this store.
            synchronized (leases) {
                Map<String, Instant> held = live(slotKey);
                if (held.size() >= maxSlots) {
                    return NO_SLOT;
                }
                int refused = reserveNow(charges, cost);
                if (refused == 0) {
                    held.put(leaseId, clock.instant().plus(ttl));
                }
                return refused;
            }
        });
    }

    @Override
    public Mono<Void> finish(String slotKey, String leaseId, List<Charge> refund, long cost) {
        return releaseSlot(slotKey, leaseId).then(refund.isEmpty() ? Mono.empty() : refund(refund, cost));
    }
}
