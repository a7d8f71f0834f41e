package io.ttsgateway.provider.phoenix;

import io.ttsgateway.config.OutboundHttp;
import io.ttsgateway.provider.ProviderDefinition;
import io.ttsgateway.provider.ProviderHealth;
import io.ttsgateway.provider.remote.RemoteSettings;
import io.ttsgateway.provider.remote.RemoteTtsProvider;
import io.ttsgateway.provider.remote.RemoteUrls;
import io.ttsgateway.provider.remote.TimeoutProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.ObjectMapper;

/**
 * Assembles Phoenix: one client carrying its optional auth header, shared by its provider and its health probe, and
 * one health state, written by the probe and read by routing.
 */
@Configuration(proxyBeanMethods = false)
class PhoenixConfiguration {

    private final PhoenixProperties properties;
    private final TimeoutProperties timeouts;
    private final WebClient web;
    private final ProviderHealth health;

    PhoenixConfiguration(PhoenixProperties properties, TimeoutProperties timeouts, OutboundHttp http) {
        this.properties = properties;
        this.timeouts = timeouts;
        this.web = webClient(properties, http.webClient(timeouts.connectTimeout()));
        this.health = new ProviderHealth(properties.healthFailures());
    }

    /** {@code TTS_AUTH_HEADER_NAME} / {@code TTS_AUTH_HEADER_VALUE} go on every call, health probes included. */
    static WebClient webClient(PhoenixProperties properties, WebClient.Builder builder) {
        if (!properties.authHeaderName().isEmpty()
                && properties.authHeaderValue().isPresent()) {
            builder.defaultHeader(
                    properties.authHeaderName(), properties.authHeaderValue().value());
        }
        return builder.build();
    }

    @Bean
    PhoenixHealthProbe phoenixHealthProbe() {
        return new PhoenixHealthProbe(properties, web, health);
    }

    @Bean
    ProviderDefinition phoenixProvider(PhoenixHealthProbe probe, ObjectMapper json) {
        return new ProviderDefinition(
                Phoenix.NAME, properties.setup(), RemoteUrls.location(properties.baseUrl()), health, () -> {
                    probe.activate();
                    return new RemoteTtsProvider(
                            new RemoteSettings(Phoenix.NAME, properties.baseUrl(), timeouts), web, json);
                });
    }
}
