package io.ttsgateway.limits;

import io.ttsgateway.auth.ClientLimits;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
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
     * The concurrency slot a synthesis request asks for, to be taken together with its characters in one step
     * ({@link LimitStore#admit}): a lease, renewed while it is held ({@link LeaseKeeper}), so only a crashed replica's
     * slots are left to expire.
     */
    public SlotClaim claim(String clientId, ClientLimits limits) {
        return new SlotClaim(keys.streams(clientId), leaseId(), limits.maxConcurrentStreams());
    }

    /** One request's slot, before it is taken. */
    public final class SlotClaim {

        private final String key;
        private final String lease;
        private final int max;

        private SlotClaim(String key, String lease, int max) {
            this.key = key;
            this.lease = lease;
            this.max = max;
        }

        /** Takes the slot and reserves {@code cost} in every charge, in one step: see {@link LimitStore#admit}. */
        public Mono<Integer> admit(LimitStore store, List<Charge> charges, long cost) {
            return store.admit(key, lease, max, leaseTtl, charges, cost);
        }

        /** The slot, taken in {@code store}: its lease renewed from now until it is released. */
        public Slot held(LimitStore store) {
            LeaseKeeper.Lease held = new LeaseKeeper.Lease(store, key, lease);
            leases.hold(held);
            return new Slot(held);
        }

        /** The refusal when every slot was taken. */
        public LimitExceeded refusal() {
            return new LimitExceeded(
                    "too-many-streams", "already " + max + " synthesis requests in flight for this client", 1);
        }
    }

    /**
     * A held concurrency slot, given back once (to the store that granted it): {@link #release} at the exchange's end,
     * or {@link #releaseRefunding} earlier, together with a refund.
     */
    public final class Slot {

        private final LeaseKeeper.Lease lease;
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean refunded = new AtomicBoolean();

        private Slot(LeaseKeeper.Lease lease) {
            this.lease = lease;
        }

        /** Gives the slot back in the background; a failed release expires with its lease. */
        public void release() {
            releaseRefunding(List.of(), 0).onErrorResume(e -> Mono.empty()).subscribe();
        }

        /**
         * Gives the slot back and {@code cost} to every charge, in one step; completes when stored. Each happens once
         * whatever the callers do: a slot already released is not released again, and a refund already made is not
         * made again (a hang-up and a provider's error can both ask for it at the same moment).
         */
        public Mono<Void> releaseRefunding(List<Charge> charges, long cost) {
            return Mono.defer(() -> {
                boolean refund = !charges.isEmpty() && refunded.compareAndSet(false, true);
                if (!released.compareAndSet(false, true)) {
                    return refund ? lease.store().refund(charges, cost) : Mono.empty();
                }
                leases.drop(lease);
                return lease.store().finish(lease.key(), lease.id(), refund ? charges : List.of(), refund ? cost : 0);
            });
        }
    }

    private static String leaseId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
