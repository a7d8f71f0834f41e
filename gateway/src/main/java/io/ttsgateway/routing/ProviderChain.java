package io.ttsgateway.routing;

import io.ttsgateway.provider.TtsProvider;
import java.util.List;

/** The configured providers in call order; never empty. */
public record ProviderChain(List<TtsProvider> providers) {

    public ProviderChain {
        providers = List.copyOf(providers);
    }
}
