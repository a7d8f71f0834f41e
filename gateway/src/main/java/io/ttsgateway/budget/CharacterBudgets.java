package io.ttsgateway.budget;

import io.ttsgateway.auth.Client;
import io.ttsgateway.limits.Acquisition;
import io.ttsgateway.limits.Charge;
import io.ttsgateway.limits.LimitExceeded;
import io.ttsgateway.limits.LimitStore;
import io.ttsgateway.limits.LimitStores;
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
     * What was reserved, where: a refund goes to the same store and the same window keys, even if the day turned
     * in between.
     */
    public record Reservation(LimitStore store, List<Charge> charges, long cost) {}

    /** @throws LimitExceeded {@code budget-exhausted}, with the seconds to the exhausted window's reset */
    public Mono<Reservation> reserve(Client client, long cost) {
        Instant now = clock.instant();
        List<BudgetWindows.Window> clientWindows = windows.clientWindows(client, now);
        List<Charge> charges =
                clientWindows.stream().map(BudgetWindows.Window::charge).toList();
        Mono<Reservation> reservation = stores.shared(store -> store.reserve(charges, cost))
                .flatMap(result -> {
                    int refused = result.value();
                    if (refused == 0) {
                        return Mono.just(new Reservation(result.store(), charges, cost));
                    }
                    BudgetWindows.Window window = clientWindows.get(refused - 1);
                    return Mono.error(new LimitExceeded(
                            "budget-exhausted",
                            cost + " characters would pass the " + window.name() + " budget of "
                                    + window.charge().limit() + " characters",
                            BudgetWindows.secondsUntil(now, window.resetsAt())));
                });
        // A caller hanging up while Redis is still answering must not leave the characters reserved.
        return Acquisition.releasedIfAbandoned(reservation, this::refund);
    }

    /** Completes when the refund is stored, so the answer that follows already reflects it. */
    public Mono<Void> refund(Reservation reservation) {
        return reservation
                .store()
                .refund(reservation.charges(), reservation.cost())
                .onErrorResume(e -> {
                    log.warn(
                            "refund of {} characters failed ({}); the window's counter keeps them until it expires",
                            reservation.cost(),
                            e.getClass().getSimpleName());
                    return Mono.empty();
                });
    }
}
