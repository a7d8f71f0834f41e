package io.ttsgateway.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ttsgateway.auth.Client;
import io.ttsgateway.auth.ClientRegistry;
import io.ttsgateway.budget.BudgetWindows;
import io.ttsgateway.config.Periodic;
import io.ttsgateway.limits.Charge;
import io.ttsgateway.limits.LimitStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * {@code tts_budget_used_ratio{client,window}}: how much of each limited budget is spent (windows {@code day},
 * {@code month}, {@code elevenlabs}; the gateway-wide ElevenLabs cap as {@code client="gateway"}). Read from the
 * limit store every {@link #REFRESH}, off the request path; a scrape only reads the last values.
 */
final class BudgetRatioGauges implements SmartLifecycle {

    static final Duration REFRESH = Duration.ofSeconds(15);
    static final String GATEWAY = "gateway";

    private record Row(String client, String window, Charge charge) {}

    private final ClientRegistry clients;
    private final LimitStores stores;
    private final BudgetWindows windows;
    private final long gatewayCap;
    private final Clock clock;
    private final Map<String, Double> ratios = new ConcurrentHashMap<>();
    private final AtomicReference<Disposable> refresher = new AtomicReference<>();

    BudgetRatioGauges(
            ClientRegistry clients,
            LimitStores stores,
            BudgetWindows windows,
            long gatewayCap,
            Clock clock,
            MeterRegistry meters) {
        this.clients = clients;
        this.stores = stores;
        this.windows = windows;
        this.gatewayCap = gatewayCap;
        this.clock = clock;
        for (Row row : rows(clock.instant())) {
            String id = row.client() + "/" + row.window();
            ratios.put(id, 0.0);
            Gauge.builder(MeterNames.BUDGET_USED_RATIO, ratios, r -> r.getOrDefault(id, 0.0))
                    .description("Share of a budget spent in its current window (1 = exhausted)")
                    .tags("client", row.client(), "window", row.window())
                    .register(meters);
        }
    }

    /** Limited windows only: an unlimited one has no ratio. Keys follow the current window as time passes. */
    private List<Row> rows(Instant now) {
        List<Row> rows = new ArrayList<>();
        for (Client client : clients.clients()) {
            for (BudgetWindows.Window w : windows.clientWindows(client, now)) {
                if (w.charge().limited()) {
                    rows.add(new Row(client.id(), w.name(), w.charge()));
                }
            }
            BudgetWindows.ElevenLabsWindows el = windows.elevenLabsWindows(client, gatewayCap, now);
            if (el.client().charge().limited() && client.limits().elevenLabsAllowed()) {
                rows.add(new Row(client.id(), "elevenlabs", el.client().charge()));
            }
            if (rows.stream().noneMatch(r -> r.client().equals(GATEWAY))
                    && el.gateway().charge().limited()) {
                rows.add(new Row(GATEWAY, "elevenlabs", el.gateway().charge()));
            }
        }
        return rows;
    }

    Mono<Void> refresh() {
        List<Row> rows = rows(clock.instant());
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return stores.shared(store ->
                        store.used(rows.stream().map(r -> r.charge().key()).toList()))
                .doOnNext(used -> {
                    for (int i = 0; i < rows.size(); i++) {
                        Row row = rows.get(i);
                        ratios.put(
                                row.client() + "/" + row.window(),
                                row.charge().limit() == 0
                                        ? 1.0
                                        : (double) used.value().get(i)
                                                / row.charge().limit());
                    }
                })
                .then()
                .onErrorResume(e -> Mono.empty());
    }

    @Override
    public void start() {
        refresher.set(Periodic.every(Duration.ZERO, REFRESH, this::refresh));
    }

    @Override
    public void stop() {
        Disposable d = refresher.getAndSet(null);
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return refresher.get() != null;
    }
}
