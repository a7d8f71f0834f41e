package io.ttsgateway.provider;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One provider kind as its own package assembles it (API.md §1). Routing reads the setups to choose the chain and
 * calls {@link #create()} only for the providers in it: creating one may be expensive (the local engine allocates its
 * voices) and starts the provider's out-of-band checks (Phoenix's health probe, ElevenLabs' quota check), which a
 * provider outside the chain never runs.
 *
 * @param name the contract's provider name
 * @param setup how its settings stand, for the chain's decision table
 * @param location where it is, for the startup log: its URLs or {@code in-process}, never a secret
 * @param health what its checks know, read by routing to skip it while down or capped
 * @param create creates the provider and starts its checks; called at most once, at startup
 */
public record ProviderDefinition(
        String name, ProviderSetup setup, String location, ProviderHealth health, Supplier<TtsProvider> create) {

    public ProviderDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(create, "create");
    }
}
