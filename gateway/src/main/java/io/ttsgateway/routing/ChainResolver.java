package io.ttsgateway.routing;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.provider.ProviderSetup;
import io.ttsgateway.provider.ProviderSetup.Status;
import io.ttsgateway.provider.elevenlabs.ElevenLabs;
import io.ttsgateway.provider.local.LocalTtsProvider;
import io.ttsgateway.provider.phoenix.Phoenix;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The decision table of API.md §1 (and the README): which providers, in which order. Pure, so every row of the table
 * is a unit test.
 */
public final class ChainResolver {

    /** The order without {@code TTS_PROVIDERS}: the internal service, then the paid one, then the offline engine. */
    static final List<String> DEFAULT_ORDER = List.of(Phoenix.NAME, ElevenLabs.NAME, LocalTtsProvider.NAME);

    private ChainResolver() {}

    /**
     * @param order {@code TTS_PROVIDERS}, empty when unset
     * @param setups each known provider's setup, by name
     * @return provider names in call order, never empty
     */
    static List<String> resolve(List<String> order, Map<String, ProviderSetup> setups) {
        List<String> chain = new ArrayList<>();
        if (order.isEmpty()) {
            for (String name : DEFAULT_ORDER) {
                if (setup(setups, name).status() == Status.CONFIGURED) {
                    chain.add(name);
                }
            }
            for (String name : DEFAULT_ORDER) {
                if (chain.isEmpty() && setup(setups, name).status() == Status.LAST_RESORT) {
                    chain.add(name);
                }
            }
        } else {
            for (String name : checkNames(order)) {
                ProviderSetup setup = setup(setups, name);
                switch (setup.status()) {
                    case MISSING ->
                        throw new InvalidSettingException(
                                "TTS_PROVIDERS", "lists " + name + " but " + setup.configuredBy() + " is not set");
                    // Switched off on purpose (USE_PHOENIX_TTS=false, LOCAL_TTS_ENABLED=false): off even where
                    // it is listed (API.md §1).
                    case SWITCHED_OFF -> {}
                    case CONFIGURED, LAST_RESORT -> chain.add(name);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new InvalidSettingException(
                    "TTS_PROVIDERS",
                    "no provider is left: set PHOENIX_TTS_BASE_URL, " + "ELEVENLABS_API_KEY or LOCAL_TTS_ENABLED=true");
        }
        return List.copyOf(chain);
    }

    /** Spelling first, so an unknown or repeated name is reported before anything about configuration. */
    private static List<String> checkNames(List<String> order) {
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : order) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (!DEFAULT_ORDER.contains(name)) {
                throw new InvalidSettingException(
                        "TTS_PROVIDERS",
                        "unknown provider '" + raw.trim() + "' (known: " + String.join(", ", DEFAULT_ORDER) + ")");
            }
            if (!seen.add(name)) {
                throw new InvalidSettingException("TTS_PROVIDERS", "lists '" + name + "' twice");
            }
        }
        return List.copyOf(seen);
    }

    private static ProviderSetup setup(Map<String, ProviderSetup> setups, String name) {
        ProviderSetup setup = setups.get(name);
        if (setup == null) {
            throw new IllegalStateException("no provider package defines '" + name + "'");
        }
        return setup;
    }
}
