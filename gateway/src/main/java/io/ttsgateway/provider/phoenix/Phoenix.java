package io.ttsgateway.provider.phoenix;

/** The internal TTS service (API.md §1). */
public final class Phoenix {

    /** Its name in {@code TTS_PROVIDERS}, the voice map, attempts and metrics. */
    public static final String NAME = "phoenix";

    private Phoenix() {}
}
