package io.ttsgateway.provider.elevenlabs;

/** ElevenLabs' public API (API.md §1): paid, so always behind the cost caps of §4. */
public final class ElevenLabs {

    /** Its name in {@code TTS_PROVIDERS}, the voice map, attempts, budgets and metrics. */
    public static final String NAME = "elevenlabs";

    /** The header ElevenLabs reads its API key from. */
    static final String API_KEY_HEADER = "xi-api-key";

    private ElevenLabs() {}
}
