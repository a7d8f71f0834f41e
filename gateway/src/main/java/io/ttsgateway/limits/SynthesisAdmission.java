package io.ttsgateway.limits;

import io.ttsgateway.auth.ClientLimits;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;

/**
 * A client's rate and concurrency for one synthesis request (API.md §4), taken before its body is read, so a request
 * later rejected as invalid still counts against the rate. Rates and slots fail over to this replica's memory while
 * Redis is away ({@link LimitStores#shared}).
 */
public final class SynthesisAdmission {

    private final LimitStores stores;
    private final LimitKeys keys;
    private final Duration leaseTtl;
    private final LeaseKeeper leases;

    SynthesisAdmission(LimitStores stores, LimitKeys keys, Duration leaseTtl, LeaseKeeper leases) {
        this.stores = stores;
        this.keys = keys;
        this.leaseTtl = leaseTtl;
        this.leases = leases;
    }

    /** Takes one token of the client's bucket; the decision says whether there was one, and what is left. */
    public Mono<RateDecision> consumeRate(String clientId, ClientLimits limits) {
        return stores.shared(store -> store.consumeRate(keys.rate(clientId), limits))
                .map(LimitStores.Served::value);
    }

    /** The refusal for a decision that took no token. */
    public static LimitExceeded rateLimited(ClientLimits limits, RateDecision decision) {
        return new LimitExceeded(
                "rate-limited",
                "more than " + limits.requestsPerMinute() + " requests per minute (burst " + limits.burst() + ")",
                decision.retryAfterSeconds());
    }

    /**
     * Takes one of the client's concurrency slots, as a lease renewed while it is held ({@link LeaseKeeper}), so only
     * a crashed replica's slots are left to expire. Fails with {@link LimitExceeded} {@code too-many-streams} when all
     * are taken.
     */
    public Mono<Slot> acquireSlot(String clientId, ClientLimits limits) {
        String key = keys.streams(clientId);
        String lease = leaseId();
        int max = limits.maxConcurrentStreams();
        Mono<Slot> slot = stores.shared(store -> store.acquireSlot(key, lease, max, leaseTtl))
                .flatMap(granted -> {
                    if (!granted.value()) {
                        return Mono.error(new LimitExceeded(
                                "too-many-streams",
                                "already " + max + " synthesis requests in flight for this client",
                                1));
                    }
                    LeaseKeeper.Lease held = new LeaseKeeper.Lease(granted.store(), key, lease);
                    leases.hold(held);
                    return Mono.just(new Slot(() -> {
                        leases.drop(held);
                        // A failed release expires with its lease.
                        held.store()
                                .releaseSlot(key, lease)
                                .onErrorResume(e -> Mono.empty())
                                .subscribe();
                    }));
                });
        // A caller hanging up while Redis is still answering must not leave the slot taken until its lease expires.
        return Acquisition.releasedIfAbandoned(slot, held -> Mono.fromRunnable(held::release));
    }

    /** A held concurrency slot; {@link #release} gives it back (to the store that granted it). */
    public static final class Slot {

        private final Runnable release;

        private Slot(Runnable release) {
            this.release = release;
        }

        public void release() {
            release.run();
        }
    }

    private static String leaseId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
