package io.ttsgateway.voice;

import java.util.Map;

/**
 * A logical voice: one name for apps, one id per provider.
 *
 * @param name the logical name apps send as {@code voice_id}
 * @param providerIds provider name → that provider's voice id
 */
public record Voice(String name, Map<String, String> providerIds) {

    public Voice {
        providerIds = Map.copyOf(providerIds);
    }
}
