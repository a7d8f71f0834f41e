package io.ttsgateway.limits;

import io.ttsgateway.config.Periodic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps this replica's concurrency leases alive (API.md §4): one schedule for all of them, every third of the lease
 * TTL, renewing all leases held under one client's key in one call. A timer per request would cost a scheduled task
 * per stream in flight; this costs one per replica, and one store call per client with requests in flight. A lease
 * is renewed by the store that granted it, so a lease taken in memory during a Redis outage stays there.
 */
final class LeaseKeeper implements SmartLifecycle {

    /** One held lease: where it lives and its id. */
    record Lease(LimitStore store, String key, String id) {}

    private record Group(LimitStore store, String key) {}

    private final Set<Lease> held = ConcurrentHashMap.newKeySet();
    private final Duration ttl;
    private volatile Disposable schedule;

    LeaseKeeper(Duration ttl) {
        this.ttl = ttl;
    }

    void hold(Lease lease) {
        held.add(lease);
    }

    void drop(Lease lease) {
        held.remove(lease);
    }

    /** Renews every held lease; a failed renewal is left to the next round (a lease outlives three of them). */
    Mono<Void> renewAll() {
        Map<Group, List<String>> byKey = held.stream()
                .collect(Collectors.groupingBy(
                        lease -> new Group(lease.store(), lease.key()),
                        Collectors.mapping(Lease::id, Collectors.toList())));
        return Flux.fromIterable(byKey.entrySet())
                .flatMap(
                        e -> e.getKey()
                                .store()
                                .renewSlots(e.getKey().key(), e.getValue(), ttl)
                                .onErrorResume(error -> Mono.empty()),
                        8)
                .then();
    }

    @Override
    public void start() {
        Duration every = ttl.dividedBy(3);
        schedule = Periodic.every(every, every, this::renewAll);
    }

    @Override
    public void stop() {
        Disposable s = schedule;
        if (s != null) {
            s.dispose();
            schedule = null;
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
