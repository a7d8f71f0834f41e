package io.ttsgateway.provider;

/**
 * How a provider's own settings stand, as the chain's decision table reads them (API.md §1, README).
 *
 * @param status what the settings say
 * @param configuredBy the settings that configure it, named when {@code TTS_PROVIDERS} lists it without them
 */
public record ProviderSetup(Status status, String configuredBy) {

    public enum Status {
        /** Configured: in the default chain, and kept where {@code TTS_PROVIDERS} lists it. */
        CONFIGURED,
        /** Switched off on purpose ({@code USE_PHOENIX_TTS=false}, {@code LOCAL_TTS_ENABLED=false}): never used, even where listed. */
        SWITCHED_OFF,
        /** Neither on nor off: in the default chain only when nothing else is, kept where listed (local, by default). */
        LAST_RESORT,
        /** A setting it needs is missing: left out of the default chain, and listing it stops startup. */
        MISSING
    }
}
