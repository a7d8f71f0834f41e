package io.ttsgateway.budget;

import io.ttsgateway.auth.Client;
import io.ttsgateway.limits.Acquisition;
import io.ttsgateway.limits.Charge;
import io.ttsgateway.limits.LimitStore;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.provider.elevenlabs.ElevenLabs;
import io.ttsgateway.routing.ProviderAdmission;
import io.ttsgateway.routing.ProviderAdmission.Ticket;
import io.ttsgateway.routing.RouteRequest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * The ElevenLabs cost cap (API.md §4): before each ElevenLabs attempt, the request's characters are reserved against
 * the client's own ElevenLabs month and the gateway-wide {@code ELEVENLABS_MONTHLY_CHAR_CAP}, in one atomic step.
 * Either would be passed: ElevenLabs is skipped, naming the cap. Redis configured but unreachable: skipped too,
 * since the cap could not be enforced across replicas.
 */
public final class ElevenLabsCap {

    private final LimitStores stores;
    private final BudgetWindows windows;
    private final long gatewayMonthlyCap;
    private final Clock clock;

    public ElevenLabsCap(LimitStores stores, BudgetWindows windows, long gatewayMonthlyCap, Clock clock) {
        this.stores = stores;
        this.windows = windows;
        this.gatewayMonthlyCap = gatewayMonthlyCap;
        this.clock = clock;
    }

    /**
     * Whether the gateway-wide month has no character left (API.md §2: {@code /ready} then shows ElevenLabs as
     * {@code CAPPED}). Unknown (Redis away) counts as not spent: readiness already reports Redis itself.
     */
    public Mono<Boolean> gatewayCapSpent() {
        Charge charge = windows.elevenLabsGatewayWindow(gatewayMonthlyCap, clock.instant())
                .charge();
        if (!charge.limited()) {
            return Mono.just(false);
        }
        return stores.shared(store -> store.used(List.of(charge.key())))
                .map(used -> used.value().get(0) >= charge.limit())
                .onErrorReturn(false);
    }

    /** The admission for one client's request: ElevenLabs passes only within that client's caps. */
    public RequestAdmission admissionFor(Client client) {
        return new RequestAdmission(client);
    }

    /**
     * One request's ElevenLabs admission. It also knows whether the request may be billed by ElevenLabs: a call went
     * out and was not settled as unbilled (refunded). Then the client's own budget keeps the charge too, whatever
     * happens to the request after (API.md §4).
     */
    public final class RequestAdmission implements ProviderAdmission {

        private final Client client;
        /** Tickets whose call went out and that were not refunded: a retry after a paid try makes it two. */
        private final AtomicInteger billable = new AtomicInteger();

        private RequestAdmission(Client client) {
            this.client = client;
        }

        @Override
        public Mono<Ticket> admit(String provider, RouteRequest request) {
            Mono<Ticket> ticket = ElevenLabsCap.this
                    .admit(provider, client, request)
                    .map(admitted -> admitted.admitted() && admitted != Ticket.FREE ? tracked(admitted) : admitted);
            // A caller hanging up while the cap's reservation is in flight gets it refunded once it lands.
            return Acquisition.releasedIfAbandoned(ticket, Ticket::refund);
        }

        /** Whether an ElevenLabs call of this request went out and may be on its invoice. */
        public boolean mayBeBilled() {
            return billable.get() > 0;
        }

        private Ticket tracked(Ticket admitted) {
            AtomicBoolean sent = new AtomicBoolean();
            return new Ticket(
                    null,
                    Mono.fromRunnable(() -> {
                                if (sent.compareAndSet(true, false)) {
                                    billable.decrementAndGet();
                                }
                            })
                            .then(admitted.refund()),
                    () -> {
                        if (sent.compareAndSet(false, true)) {
                            billable.incrementAndGet();
                        }
                    });
        }
    }

    private Mono<Ticket> admit(String provider, Client client, RouteRequest request) {
        if (!ElevenLabs.NAME.equals(provider)) {
            return Mono.just(Ticket.FREE);
        }
        if (!client.limits().elevenLabsAllowed()) {
            return Mono.just(Ticket.refused("not-allowed"));
        }
        BudgetWindows.ElevenLabsWindows caps = windows.elevenLabsWindows(client, gatewayMonthlyCap, clock.instant());
        List<Charge> charges = caps.charges();
        long cost = request.characters();
        // Reserved where a replica has it before ElevenLabs is called: a failover must not give spent money back.
        return stores.strict(store -> store.reserveReplicated(charges, cost))
                .map(result -> result.value() == LimitStore.UNREPLICATED
                        ? Ticket.refused("redis-unreplicated")
                        : result.value() == 0
                                ? new Ticket(
                                        null,
                                        Mono.defer(() -> result.store().refund(charges, cost))
                                                .onErrorResume(e -> Mono.empty()),
                                        () -> {})
                                : Ticket.refused(caps.refusal(result.value())))
                .onErrorResume(LimitStores.StoreUnavailable.class, e -> Mono.just(Ticket.refused("redis-unavailable")));
    }
}
