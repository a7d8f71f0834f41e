package io.ttsgateway.api;

import io.ttsgateway.auth.Client;
import io.ttsgateway.budget.BudgetWindows;
import io.ttsgateway.limits.LimitKeys;
import io.ttsgateway.limits.LimitStores;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /v1/usage}: the calling client's own limits and use (API.md §2). Reading it costs nothing. */
final class UsageHandler {

    private final LimitStores stores;
    private final LimitKeys keys;
    private final BudgetWindows windows;
    private final long gatewayElevenLabsCap;
    private final Clock clock;

    UsageHandler(LimitStores stores, LimitKeys keys, BudgetWindows windows, long gatewayElevenLabsCap, Clock clock) {
        this.stores = stores;
        this.keys = keys;
        this.windows = windows;
        this.gatewayElevenLabsCap = gatewayElevenLabsCap;
        this.clock = clock;
    }

    public Mono<ServerResponse> usage(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        Instant now = clock.instant();
        List<BudgetWindows.Window> budget = windows.clientWindows(client, now);
        BudgetWindows.Window elevenLabs =
                windows.elevenLabsWindows(client, gatewayElevenLabsCap, now).client();
        List<String> counterKeys = new ArrayList<>();
        budget.forEach(w -> counterKeys.add(w.charge().key()));
        counterKeys.add(elevenLabs.charge().key());
        return Mono.zip(
                        stores.shared(s -> s.peekRate(keys.rate(client.id()), client.limits())),
                        stores.shared(s -> s.used(counterKeys)),
                        stores.shared(s -> s.activeSlots(keys.streams(client.id()))))
                .flatMap(t -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("client_id", client.id());
                    body.put(
                            "rate",
                            Map.of(
                                    "limit", t.getT1().value().limit(),
                                    "remaining", t.getT1().value().remaining(),
                                    "reset_at",
                                            Instant.ofEpochSecond(
                                                            t.getT1().value().resetEpochSecond())
                                                    .toString()));
                    List<Long> used = t.getT2().value();
                    List<Map<String, Object>> budgets = new ArrayList<>();
                    for (int i = 0; i < budget.size(); i++) {
                        budgets.add(window(budget.get(i), used.get(i)));
                    }
                    body.put("budgets", budgets);
                    Map<String, Object> el = new LinkedHashMap<>();
                    el.put("allowed", client.limits().elevenLabsAllowed());
                    el.put("used", used.get(budget.size()));
                    el.put("limit", client.limits().elevenLabsCharsPerMonth());
                    el.put("resets_at", elevenLabs.resetsAt().toString());
                    body.put("elevenlabs", el);
                    body.put(
                            "concurrent",
                            Map.of(
                                    "active",
                                    t.getT3().value(),
                                    "limit",
                                    client.limits().maxConcurrentStreams()));
                    return ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(body);
                });
    }

    /** A window without a limit shows {@code "limit": null}: counted, never refused. */
    private static Map<String, Object> window(BudgetWindows.Window window, long used) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("window", window.name());
        entry.put("used", used);
        entry.put("limit", window.charge().limited() ? window.charge().limit() : null);
        entry.put("resets_at", window.resetsAt().toString());
        return entry;
    }
}
