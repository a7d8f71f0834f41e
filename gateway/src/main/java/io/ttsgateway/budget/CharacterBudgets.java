package io.ttsgateway.budget;

import io.ttsgateway.auth.Client;
import io.ttsgateway.limits.Acquisition;
import io.ttsgateway.limits.Charge;
import io.ttsgateway.limits.LimitExceeded;
import io.ttsgateway.limits.LimitStore;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.limits.SynthesisAdmission;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A client's character budgets per UTC day and month (API.md §4): the cost is reserved in every window at once before
 * any provider is called, and refunded when no audio reached the caller.
 */
public final class CharacterBudgets {

    private static final Logger log = LoggerFactory.getLogger(CharacterBudgets.class);

    private final LimitStores stores;
    private final BudgetWindows windows;
    private final Clock clock;

    public CharacterBudgets(LimitStores stores, BudgetWindows windows, Clock clock) {
        this.stores = stores;
        this.windows = windows;
        this.clock = clock;
    }

    /**
     * What was reserved, where, and the concurrency slot taken with it: a refund goes to the same store and the same
     * window keys, even if the day turned in between.
     */
    public record Reservation(LimitStore store, List<Charge> charges, long cost, SynthesisAdmission.Slot slot) {}

    /**
     * Takes the request's concurrency slot and reserves its cost in every window, in one step (one Redis round trip).
     *
     * @throws LimitExceeded {@code too-many-streams}, or {@code budget-exhausted} with the seconds to the exhausted
     *     window's reset
     */
    public Mono<Reservation> reserve(Client client, long cost, SynthesisAdmission.SlotClaim slot) {
        Instant now = clock.instant();
        List<BudgetWindows.Window> clientWindows = windows.clientWindows(client, now);
        List<Charge> charges =
                clientWindows.stream().map(BudgetWindows.Window::charge).toList();
        Mono<Reservation> reservation = stores.shared(store -> slot.admit(store, charges, cost))
                .flatMap(result -> {
                    int answer = result.value();
                    if (answer == 0) {
                        return Mono.just(new Reservation(result.store(), charges, cost, slot.held(result.store())));
                    }
                    if (answer == LimitStore.NO_SLOT) {
                        return Mono.error(slot.refusal());
                    }
                    return Mono.error(exhausted(cost, now, clientWindows.get(answer - 1)));
                });
        // A caller hanging up while Redis is still answering must not leave the characters reserved.
        return Acquisition.releasedIfAbandoned(reservation, this::refund);
    }

    /** Characters reserved without a slot of their own: one segment of a conversation that holds the slot. */
    public record Spent(LimitStore store, List<Charge> charges, long cost) {}

    /**
     * Reserves {@code cost} in every window of the client, for a request whose concurrency slot is already held (a
     * segment of a WebSocket conversation, API.md §8).
     *
     * @throws LimitExceeded {@code budget-exhausted} with the seconds to the exhausted window's reset
     */
    public Mono<Spent> spend(Client client, long cost) {
        Instant now = clock.instant();
        List<BudgetWindows.Window> clientWindows = windows.clientWindows(client, now);
        List<Charge> charges =
                clientWindows.stream().map(BudgetWindows.Window::charge).toList();
        Mono<Spent> spent = stores.shared(store -> store.reserve(charges, cost)).flatMap(result -> {
            int answer = result.value();
            return answer == 0
                    ? Mono.just(new Spent(result.store(), charges, cost))
                    : Mono.error(exhausted(cost, now, clientWindows.get(answer - 1)));
        });
        return Acquisition.releasedIfAbandoned(spent, this::refund);
    }

    /** Gives spent characters back; completes when stored. */
    public Mono<Void> refund(Spent spent) {
        return spent.store().refund(spent.charges(), spent.cost()).onErrorResume(e -> {
            log.warn(
                    "refund of {} characters failed ({}); the window's counter keeps them until it expires",
                    spent.cost(),
                    e.getClass().getSimpleName());
            return Mono.empty();
        });
    }

    private static LimitExceeded exhausted(long cost, Instant now, BudgetWindows.Window window) {
        return new LimitExceeded(
                "budget-exhausted",
                cost + " characters would pass the " + window.name() + " budget of "
                        + window.charge().limit() + " characters",
                BudgetWindows.secondsUntil(now, window.resetsAt()));
    }

    /** Gives the slot back at the request's end, without a refund. */
    public void release(Reservation reservation) {
        reservation.slot().release();
    }

    /** Gives the characters and the slot back; completes when stored, so the answer that follows reflects it. */
    public Mono<Void> refund(Reservation reservation) {
        return reservation
                .slot()
                .releaseRefunding(reservation.charges(), reservation.cost())
                .onErrorResume(e -> {
                    log.warn(
                            "refund of {} characters failed ({}); the window's counter keeps them until it expires",
                            reservation.cost(),
                            e.getClass().getSimpleName());
                    return Mono.empty();
                });
    }
}
