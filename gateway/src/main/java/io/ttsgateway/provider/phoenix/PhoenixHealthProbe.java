package io.ttsgateway.provider.phoenix;

import io.ttsgateway.provider.ProviderHealth;
import io.ttsgateway.provider.remote.PeriodicCheck;
import io.ttsgateway.provider.remote.RemoteUrls;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Probes {@code GET {base}/../health} every {@code PHOENIX_HEALTH_INTERVAL}; {@code PHOENIX_HEALTH_FAILURES} failures
 * in a row mark Phoenix down (skipped without a call), one success brings it back (API.md §1 "Health").
 */
class PhoenixHealthProbe extends PeriodicCheck {

    private static final Logger log = LoggerFactory.getLogger(PhoenixHealthProbe.class);

    private final PhoenixProperties properties;
    private final WebClient web;
    private final ProviderHealth health;

    /** @param web Phoenix's client, which carries its auth header */
    PhoenixHealthProbe(PhoenixProperties properties, WebClient web, ProviderHealth health) {
        super(properties.healthInterval(), probeTimeout(properties.healthInterval()));
        this.properties = properties;
        this.web = web;
        this.health = health;
    }

    /** A probe must end before the next one is due, and never wait longer than a provider call's first byte would. */
    static Duration probeTimeout(Duration interval) {
        Duration five = Duration.ofSeconds(5);
        return interval.compareTo(five) < 0 ? interval : five;
    }

    @Override
    protected Mono<Boolean> check() {
        return web.get()
                .uri(RemoteUrls.healthUri(properties.baseUrl()))
                .exchangeToMono(response ->
                        response.releaseBody().thenReturn(response.statusCode().is2xxSuccessful()));
    }

    @Override
    protected void record(boolean ok) {
        if (health.recordProbe(ok)) {
            if (health.isDown()) {
                log.warn("phoenix marked DOWN after {} failed health probes in a row", properties.healthFailures());
            } else {
                log.info("phoenix is UP again: its health probe succeeded");
            }
        }
    }
}
