package io.ttsgateway.voice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the {@code voice_id} an app sends to each provider's own id (API.md §1, {@code config/voices.yml}). A name
 * that is not a logical voice passes through unchanged, so apps may also send provider ids directly.
 */
public final class VoiceCatalog {

    /** Used when a request names no voice and the catalog names no default: ElevenLabs' long-standing premade voice. */
    public static final String FALLBACK_VOICE_ID = "21m00Tcm4TlvDq8ikWAM";

    private final Map<String, Voice> byName;
    private final String defaultVoice;

    public VoiceCatalog(List<Voice> voices, String defaultVoice) {
        Map<String, Voice> map = new LinkedHashMap<>();
        voices.forEach(v -> map.put(v.name(), v));
        this.byName = map;
        this.defaultVoice = defaultVoice != null
                ? defaultVoice
                : voices.isEmpty() ? FALLBACK_VOICE_ID : voices.get(0).name();
    }

    public static VoiceCatalog empty() {
        return new VoiceCatalog(List.of(), null);
    }

    public List<Voice> voices() {
        return List.copyOf(byName.values());
    }

    public String defaultVoice() {
        return defaultVoice;
    }

    /**
     * The id to send to {@code provider} for what the app asked.
     *
     * @param requested the app's {@code voice_id}, null for the default voice
     * @return empty when {@code requested} is a logical voice that this provider does not have
     */
    public Optional<String> resolve(String requested, String provider) {
        String name = requested == null ? defaultVoice : requested;
        Voice voice = byName.get(name);
        if (voice == null) {
            return Optional.of(name);
        }
        return Optional.ofNullable(voice.providerIds().get(provider));
    }
}
