package io.ttsgateway.auth;

/**
 * A client's limits. {@code null} budgets mean "no limit of this kind".
 *
 * @param requestsPerMinute token bucket refill
 * @param burst token bucket capacity
 * @param charsPerDay characters per UTC day, null = unlimited
 * @param charsPerMonth characters per UTC calendar month, null = unlimited
 * @param elevenLabsAllowed whether ElevenLabs (paid) may serve this client
 * @param elevenLabsCharsPerMonth the client's own ElevenLabs characters per month, null = only the gateway-wide cap
 * @param maxConcurrentStreams synthesis requests in flight at once
 */
public record ClientLimits(
        int requestsPerMinute,
        int burst,
        Long charsPerDay,
        Long charsPerMonth,
        boolean elevenLabsAllowed,
        Long elevenLabsCharsPerMonth,
        int maxConcurrentStreams) {

    /**
     * The development client's limits: generous enough to try everything, small enough to notice a loop, and never
     * ElevenLabs (API.md §10): a key printed to a console must not be able to spend money.
     */
    public static final ClientLimits DEVELOPMENT = new ClientLimits(120, 20, 200_000L, 3_000_000L, false, null, 10);
}
