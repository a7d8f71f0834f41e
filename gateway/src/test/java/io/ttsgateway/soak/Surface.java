package io.ttsgateway.soak;

/** Where a request goes in, and whether its audio comes whole or streamed (API.md §2). */
enum Surface {
    NATIVE_WHOLE("native", false),
    NATIVE_STREAM("native", true),
    ELEVENLABS_WHOLE("elevenlabs", false),
    ELEVENLABS_STREAM("elevenlabs", true),
    /** OpenAI's speech endpoint streams every format but WAV. */
    OPENAI_STREAM("openai", true),
    OPENAI_WAV("openai", false);

    final String family;
    final boolean streamed;

    Surface(String family, boolean streamed) {
        this.family = family;
        this.streamed = streamed;
    }

    String label() {
        return family + (streamed ? " stream" : " whole");
    }
}
