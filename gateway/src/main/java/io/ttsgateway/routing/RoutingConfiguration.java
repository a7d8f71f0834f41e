package io.ttsgateway.routing;

import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.elevenlabs.ElevenLabsProperties;
import io.ttsgateway.provider.local.LocalProperties;
import io.ttsgateway.provider.phoenix.PhoenixProperties;
import io.ttsgateway.provider.remote.RemoteSettings;
import io.ttsgateway.provider.remote.RemoteTtsProvider;
import io.ttsgateway.provider.remote.RemoteUrls;
import io.ttsgateway.voice.VoiceCatalog;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.provider.ProviderHealthRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.ObjectMapper;

/** Builds the provider chain from the decision table and logs it, base URLs included, secrets never. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

    @Bean
    ProviderChain providerChain(
            ProvidersProperties providers,
            PhoenixProperties phoenix,
            ElevenLabsProperties elevenLabs,
            LocalProperties local,
            WebClient providerWebClient,
            ObjectMapper json,
            ObjectProvider<Supplier<TtsProvider>> localEngine) {
        List<String> names = ChainResolver.resolve(providers.order(), !phoenix.baseUrl().isEmpty(), phoenix.enabled(),
                elevenLabs.configured(), local.enabled());
        List<TtsProvider> chain = names.stream()
                .map(name -> switch (name) {
                    case ChainResolver.PHOENIX -> (TtsProvider) new RemoteTtsProvider(new RemoteSettings(
                            name, phoenix.baseUrl(), phoenix.authHeaderName(), phoenix.authHeaderValue(),
                            providers.firstByteTimeout(), providers.idleTimeout(), providers.totalTimeout()),
                            providerWebClient, json);
                    case ChainResolver.ELEVENLABS -> new RemoteTtsProvider(new RemoteSettings(
                            name, elevenLabs.baseUrl(), "xi-api-key", elevenLabs.apiKey(),
                            providers.firstByteTimeout(), providers.idleTimeout(), providers.totalTimeout()),
                            providerWebClient, json);
                    default -> localEngine.getObject().get();
                })
                .toList();
        log.info("provider chain: {}", describe(chain));
        return new ProviderChain(chain);
    }

    @Bean
    SynthesisRouter synthesisRouter(
            ProviderChain chain,
            VoiceCatalog voices,
            ProvidersProperties providers,
            CircuitBreakerRegistry breakers,
            ProviderHealthRegistry health) {
        Map<String, ProviderGuard> guards = new LinkedHashMap<>();
        for (TtsProvider provider : chain.providers()) {
            guards.put(provider.name(), new ProviderGuard(
                    provider.name(), breakers.circuitBreaker(provider.name()), health.of(provider.name())));
        }
        RetryPolicy retries = new RetryPolicy(providers.retryMax(), providers.retryBackoff(), providers.retryAfterMax());
        return new SynthesisRouter(chain.providers(), guards, voices, retries);
    }

    static String describe(List<TtsProvider> chain) {
        return String.join(" -> ", chain.stream()
                .map(p -> p instanceof RemoteTtsProvider remote
                        ? p.name() + " (" + remote.baseUrl() + ", health " + RemoteUrls.healthUri(remote.baseUrl()) + ")"
                        : p.name() + " (in-process)")
                .toList());
    }
}
