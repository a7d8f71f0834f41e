package io.ttsgateway.provider.local;

import io.ttsgateway.provider.ProviderDefinition;
import io.ttsgateway.provider.ProviderHealth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Assembles the offline provider; its engine starts only if routing creates it for the chain. */
@Configuration(proxyBeanMethods = false)
class LocalConfiguration {

    @Bean
    LocalEngineLauncher localEngineLauncher(LocalProperties properties) {
        return new LocalEngineLauncher(properties);
    }

    @Bean
    ProviderDefinition localProvider(LocalProperties properties, LocalEngineLauncher launcher) {
        // In-process: nothing to probe, no quota.
        return new ProviderDefinition(
                LocalTtsProvider.NAME, properties.setup(), "in-process", ProviderHealth.unprobed(), launcher::provider);
    }
}
