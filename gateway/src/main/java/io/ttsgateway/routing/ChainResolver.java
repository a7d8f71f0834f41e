package io.ttsgateway.routing;

import io.ttsgateway.config.InvalidSettingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The decision table of API.md §1 (and the README): which providers, in which order. Pure, so every row of the table
 * is a unit test.
 */
public final class ChainResolver {

    public static final String PHOENIX = "phoenix";
    public static final String ELEVENLABS = "elevenlabs";
    public static final String LOCAL = "local";
    private static final Set<String> KNOWN = Set.of(PHOENIX, ELEVENLABS, LOCAL);

    private ChainResolver() {}

    /**
     * @param order {@code TTS_PROVIDERS}, empty when unset
     * @param phoenixUrlSet a Phoenix base URL is set
     * @param phoenixEnabled {@code USE_PHOENIX_TTS}
     * @param elevenLabsKeySet an ElevenLabs key is set
     * @param localEnabled {@code LOCAL_TTS_ENABLED}, null when unset
     * @return provider names in call order, never empty
     */
    /** Spelling first, so an unknown or repeated name is reported before anything about configuration. */
    private static List<String> checkNames(List<String> order) {
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : order) {
            String name = raw.trim().toLowerCase(java.util.Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new InvalidSettingException("TTS_PROVIDERS", "unknown provider '" + raw.trim()
                        + "' (known: phoenix, elevenlabs, local)");
            }
            if (!seen.add(name)) {
                throw new InvalidSettingException("TTS_PROVIDERS", "lists '" + name + "' twice");
            }
        }
        return List.copyOf(seen);
    }

    public static List<String> resolve(
            List<String> order, boolean phoenixUrlSet, boolean phoenixEnabled, boolean elevenLabsKeySet,
            Boolean localEnabled) {
        boolean phoenix = phoenixUrlSet && phoenixEnabled;
        List<String> chain = new ArrayList<>();
        if (order.isEmpty()) {
            if (phoenix) {
                chain.add(PHOENIX);
            }
            if (elevenLabsKeySet) {
                chain.add(ELEVENLABS);
            }
            boolean local = localEnabled != null ? localEnabled : chain.isEmpty();
            if (local) {
                chain.add(LOCAL);
            }
        } else {
            List<String> names = checkNames(order);
            for (String name : names) {
                switch (name) {
                    case PHOENIX -> {
                        if (!phoenixUrlSet) {
                            throw new InvalidSettingException("TTS_PROVIDERS",
                                    "lists phoenix but PHOENIX_TTS_BASE_URL (or TTS_BASE_URL) is not set");
                        }
                        // USE_PHOENIX_TTS=false switches Phoenix off even where it is listed (API.md §1).
                        if (phoenixEnabled) {
                            chain.add(PHOENIX);
                        }
                    }
                    case ELEVENLABS -> {
                        if (!elevenLabsKeySet) {
                            throw new InvalidSettingException("TTS_PROVIDERS",
                                    "lists elevenlabs but ELEVENLABS_API_KEY (or TTS_API_KEY) is not set");
                        }
                        chain.add(ELEVENLABS);
                    }
                    default -> {
                        // Listing local enables it unless LOCAL_TTS_ENABLED=false says otherwise.
                        if (!Boolean.FALSE.equals(localEnabled)) {
                            chain.add(LOCAL);
                        }
                    }
                }
            }
        }
        if (chain.isEmpty()) {
            throw new InvalidSettingException("TTS_PROVIDERS", "no provider is left: set PHOENIX_TTS_BASE_URL, "
                    + "ELEVENLABS_API_KEY or LOCAL_TTS_ENABLED=true");
        }
        return List.copyOf(chain);
    }
}
