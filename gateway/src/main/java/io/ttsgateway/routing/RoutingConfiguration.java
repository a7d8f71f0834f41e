package io.ttsgateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.provider.ProviderDefinition;
import io.ttsgateway.provider.ProviderSetup;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.voice.VoiceCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the provider chain from the decision table, creating only the providers in it, and logs it with base URLs,
 * secrets never.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

    @Bean
    SynthesisRouter synthesisRouter(
            List<ProviderDefinition> definitions,
            ProvidersProperties providers,
            VoiceCatalog voices,
            CircuitBreakerRegistry breakers) {
        List<ProviderDefinition> chosen = choose(providers.order(), definitions);
        List<TtsProvider> chain = new ArrayList<>();
        Map<String, ProviderGuard> guards = new LinkedHashMap<>();
        for (ProviderDefinition definition : chosen) {
            TtsProvider provider = definition.create().get();
            chain.add(provider);
            guards.put(
                    provider.name(),
                    new ProviderGuard(provider.name(), breakers.circuitBreaker(provider.name()), definition.health()));
        }
        log.info("provider chain: {}", describe(chosen));
        RetryPolicy retries =
                new RetryPolicy(providers.retryMax(), providers.retryBackoff(), providers.retryAfterMax());
        return new SynthesisRouter(chain, guards, voices, retries);
    }

    /** The definitions the decision table puts in the chain, in call order. */
    static List<ProviderDefinition> choose(List<String> order, List<ProviderDefinition> definitions) {
        Map<String, ProviderDefinition> byName = new LinkedHashMap<>();
        Map<String, ProviderSetup> setups = new LinkedHashMap<>();
        for (ProviderDefinition definition : definitions) {
            if (byName.put(definition.name(), definition) != null) {
                throw new IllegalStateException("two provider definitions are named '" + definition.name() + "'");
            }
            setups.put(definition.name(), definition.setup());
        }
        return ChainResolver.resolve(order, setups).stream().map(byName::get).toList();
    }

    static String describe(List<ProviderDefinition> chain) {
        return String.join(
                " -> ",
                chain.stream().map(d -> d.name() + " (" + d.location() + ")").toList());
    }
}
