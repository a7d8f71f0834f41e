package io.ttsgateway.api;

import io.ttsgateway.auth.StreamTokens;
import io.ttsgateway.budget.ElevenLabsCap;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.elevenlabs.ElevenLabs;
import io.ttsgateway.provider.local.LocalTtsProvider;
import io.ttsgateway.provider.phoenix.Phoenix;
import io.ttsgateway.routing.ProviderGuard;
import io.ttsgateway.routing.SynthesisRouter;
import io.ttsgateway.voice.VoiceCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Liveness, readiness and the voice list (API.md §2 "Operations"). */
final class OperationsHandler {

    private final SynthesisRouter router;
    private final VoiceCatalog voices;
    private final LimitStores stores;
    private final ShutdownState shutdown;
    private final StreamTokens tokens;
    private final ElevenLabsCap elevenLabsCap;

    OperationsHandler(
            SynthesisRouter router,
            VoiceCatalog voices,
            LimitStores stores,
            ShutdownState shutdown,
            StreamTokens tokens,
            ElevenLabsCap elevenLabsCap) {
        this.router = router;
        this.voices = voices;
        this.stores = stores;
        this.shutdown = shutdown;
        this.tokens = tokens;
        this.elevenLabsCap = elevenLabsCap;
    }

    public Mono<ServerResponse> health(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("status", "UP"));
    }

    /**
     * Ready while the limit store is reachable (when Redis is configured) and at least one provider is usable
     * (API.md §2): not down by its probe, not capped, breaker not open.
     * A half-open breaker counts as usable, so its trial calls can arrive and close it again.
     */
    public Mono<ServerResponse> ready(ServerRequest request) {
        return elevenLabsCap.gatewayCapSpent().flatMap(gatewayCapSpent -> {
            Map<String, Object> components = new LinkedHashMap<>();
            String redis = stores.state();
            Map<String, Object> redisComponent = new LinkedHashMap<>();
            redisComponent.put("status", redis);
            redisComponent.putAll(stores.topology());
            components.put("redis", redisComponent);
            for (String name : List.of(Phoenix.NAME, ElevenLabs.NAME, LocalTtsProvider.NAME)) {
                components.put(name, Map.of("status", "DISABLED"));
            }
            boolean usable = false;
            for (TtsProvider provider : router.chain()) {
                ProviderGuard.State state = router.guard(provider.name()).state();
                if (state == ProviderGuard.State.UP
                        && gatewayCapSpent
                        && provider.name().equals(ElevenLabs.NAME)) {
                    state = ProviderGuard.State.CAPPED;
                }
                components.put(provider.name(), Map.of("status", state.name()));
                usable |= state == ProviderGuard.State.UP;
            }
            boolean ready = usable && !"DOWN".equals(redis) && !shutdown.draining();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready ? "UP" : "DOWN");
            if (shutdown.draining()) {
                body.put("reason", "shutting down");
            }
            body.put("components", components);
            // A random token secret is fine for one replica; with several, a browser token from one is refused by
            // the others, so readiness says which it is.
            body.put(
                    "details",
                    Map.of(
                            "stream_token_secret",
                            tokens.configured()
                                    ? "configured"
                                    : "random per process: set GATEWAY_TOKEN_SECRET when running several replicas"));
            return (ready ? ServerResponse.ok() : ServerResponse.status(503))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body);
        });
    }

    public Mono<ServerResponse> voices(ServerRequest request) {
        List<Map<String, Object>> list = voices.voices().stream()
                .map(v -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", v.name());
                    entry.put(
                            "providers",
                            router.chain().stream()
                                    .filter(p -> v.providerIds().containsKey(p.name())
                                            || p.fallbackVoice().isPresent())
                                    .map(TtsProvider::name)
                                    .toList());
                    entry.put("default", v.name().equals(voices.defaultVoice()));
                    return entry;
                })
                .toList();
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("voices", list, "default", voices.defaultVoice()));
    }
}
