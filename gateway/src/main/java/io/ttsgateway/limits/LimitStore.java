package io.ttsgateway.limits;

import io.ttsgateway.auth.ClientLimits;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where limits are kept: Redis (shared by every replica) or memory (one replica). Both have the same semantics,
 * pinned by one contract test run against each. Every operation is non-blocking.
 */
public interface LimitStore {

    /** Takes one token of the client's bucket ({@code requests-per-minute} refill, {@code burst} capacity). */
    Mono<RateDecision> consumeRate(String key, ClientLimits limits);

    /** The bucket as it is, without taking a token. */
    Mono<RateDecision> peekRate(String key, ClientLimits limits);

    /**
     * Adds {@code cost} to every charge's counter, or to none: atomically, so concurrent reservations can never
     * together pass a limit.
     *
     * @return 0 when reserved, else the 1-based position of the first charge that would pass its limit
     */
    Mono<Integer> reserve(List<Charge> charges, long cost);

    /** {@link #reserveReplicated}'s answer when the reservation could not be confirmed on a replica (nothing kept). */
    int UNREPLICATED = -2;

    /**
     * As {@link #reserve}, for characters that money stands behind (ElevenLabs, API.md §11): answered only once a
     * replica acknowledged the write, where the store has replicas, so a failover cannot give them back. When none
     * acknowledged in time the reservation is given back and the answer is {@link #UNREPLICATED}.
     */
    default Mono<Integer> reserveReplicated(List<Charge> charges, long cost) {
        return reserve(charges, cost);
    }

    /** Gives back what {@link #reserve} took; a counter never goes below zero, an expired one is left expired. */
    Mono<Void> refund(List<Charge> charges, long cost);

    /** Current counters, 0 for absent ones, in the order of the keys. */
    Mono<List<Long>> used(List<String> keys);

    /** Extends the leases under {@code key} that are still held; an expired one is not revived. */
    Mono<Void> renewSlots(String key, List<String> leaseIds, Duration ttl);

    /** {@link #admit}'s answer when every slot is taken (nothing was reserved). */
    int NO_SLOT = -1;

    /**
     * A synthesis request's admission in one step: takes one of {@code maxSlots} slots under {@code slotKey} as a
     * lease that expires after {@code ttl} unless renewed (so a crashed replica's slots come back on their own) and reserves {@code cost} in every charge ({@link #reserve}), both or neither.
     *
     * @return 0 when admitted; {@link #NO_SLOT}; else the 1-based position of the first charge that would pass its
     *     limit (no slot taken)
     */
    Mono<Integer> admit(String slotKey, String leaseId, int maxSlots, Duration ttl, List<Charge> charges, long cost);

    /**
     * The end of an admitted request in one step: releases its slot and gives back {@code cost} from every charge
     * (none when {@code refund} is empty).
     */
    Mono<Void> finish(String slotKey, String leaseId, List<Charge> refund, long cost);

    Mono<Long> activeSlots(String key);
}
