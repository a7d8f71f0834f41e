package io.ttsgateway.soak;

/**
 * One request as its caller saw it, plus, for solo clients, what {@code GET /v1/usage} said it cost.
 *
 * @param phase the phase it ran in
 * @param chars the code points of its trimmed text: what it costs when charged (API.md §4)
 * @param startNanos when it was sent
 * @param endNanos when the caller was done with it (read the end, left, or hung up)
 * @param response what came back
 * @param charged for solo clients, the change of the day budget across this request; null when not read
 * @param elevenLabsCharged for solo clients, the change of its ElevenLabs month; null when not read
 */
record Exchange(
        String id,
        String client,
        int phase,
        Surface surface,
        CallerKind kind,
        int chars,
        long startNanos,
        long endNanos,
        RawHttp.Response response,
        Long charged,
        Long elevenLabsCharged) {

    /**
     * Whether audio reached the caller: the gateway committed a 200 to this provider's audio, so the characters are
     * spent whatever happens next (API.md §4 refunds only "when no audio reached the caller").
     */
    boolean audioReached() {
        return response.status() == 200;
    }

    /** Whether the caller got the audio whole, framing and all. */
    boolean complete() {
        return response.status() == 200 && response.complete();
    }
}
