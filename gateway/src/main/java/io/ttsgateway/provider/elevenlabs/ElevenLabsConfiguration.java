package io.ttsgateway.provider.elevenlabs;

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
 * Assembles ElevenLabs: one client carrying its API key, shared by its provider and its quota check, and one state
 * for its spent quota, set by routing on a {@code quota_exceeded} answer and cleared by the check.
 */
@Configuration(proxyBeanMethods = false)
class ElevenLabsConfiguration {

    private final ElevenLabsProperties properties;
    private final TimeoutProperties timeouts;
    private final WebClient web;
    // No health probe: only the quota state is used.
    private final ProviderHealth health = ProviderHealth.unprobed();

    ElevenLabsConfiguration(ElevenLabsProperties properties, TimeoutProperties timeouts, OutboundHttp http) {
        this.properties = properties;
        this.timeouts = timeouts;
        this.web = webClient(properties, http.webClient(timeouts.connectTimeout()));
    }

    /** The key goes on every call, quota checks included. */
    static WebClient webClient(ElevenLabsProperties properties, WebClient.Builder builder) {
        if (properties.apiKey().isPresent()) {
            builder.defaultHeader(ElevenLabs.API_KEY_HEADER, properties.apiKey().value());
        }
        return builder.build();
    }

    @Bean
    ElevenLabsQuotaCheck elevenLabsQuotaCheck() {
        return new ElevenLabsQuotaCheck(properties, web, health);
    }

    @Bean
    ProviderDefinition elevenLabsProvider(ElevenLabsQuotaCheck quotaCheck, ObjectMapper json) {
        return new ProviderDefinition(
                ElevenLabs.NAME, properties.setup(), RemoteUrls.location(properties.baseUrl()), health, () -> {
                    quotaCheck.activate();
                    return new RemoteTtsProvider(
                            new RemoteSettings(ElevenLabs.NAME, properties.baseUrl(), timeouts), web, json);
                });
    }
}
