package io.ttsgateway.provider.elevenlabs;

import io.ttsgateway.provider.ProviderHealth;
import io.ttsgateway.provider.remote.PeriodicCheck;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * After ElevenLabs answered 401 {@code quota_exceeded}, it is skipped as capped until this check succeeds: its
 * subscription endpoint answers and shows characters left (API.md §1). The check costs no characters, and runs only
 * while the quota is marked spent.
 */
class ElevenLabsQuotaCheck extends PeriodicCheck {

    private static final Logger log = LoggerFactory.getLogger(ElevenLabsQuotaCheck.class);

    private final ElevenLabsProperties properties;
    private final WebClient web;
    private final ProviderHealth health;

    /** @param web ElevenLabs' client, which carries its API key */
    ElevenLabsQuotaCheck(ElevenLabsProperties properties, WebClient web, ProviderHealth health) {
        super(properties.quotaCheckInterval(), Duration.ofSeconds(5));
        this.properties = properties;
        this.web = web;
        this.health = health;
    }

    @Override
    protected Mono<Boolean> check() {
        if (!health.isQuotaExhausted()) {
            return Mono.just(true);
        }
        String base = properties.baseUrl().endsWith("/") ? properties.baseUrl() : properties.baseUrl() + "/";
        return web.get()
                .uri(URI.create(base + "user/subscription"))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .map(ElevenLabsQuotaCheck::hasCharactersLeft);
    }

    /** Without both counters the answer cannot say the quota is spent, so a 2xx is taken as good news. */
    static boolean hasCharactersLeft(JsonNode subscription) {
        JsonNode used = subscription.path("character_count");
        JsonNode limit = subscription.path("character_limit");
        return !(used.isNumber() && limit.isNumber()) || used.asLong() < limit.asLong();
    }

    @Override
    protected void record(boolean ok) {
        if (ok && health.isQuotaExhausted()) {
            health.clearQuotaExhausted();
            log.info("elevenlabs has characters again: no longer skipped as capped");
        }
    }
}
