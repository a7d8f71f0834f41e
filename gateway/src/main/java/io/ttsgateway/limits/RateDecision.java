package io.ttsgateway.limits;

/**
 * The outcome of taking (or looking at) one token of a client's bucket.
 *
 * @param allowed whether a token was taken
 * @param limit the bucket's capacity ({@code burst}), sent as {@code X-RateLimit-Limit}
 * @param remaining tokens left
 * @param resetEpochSecond when the bucket will be full again, as absolute Unix seconds ({@code X-RateLimit-Reset})
 * @param retryAfterSeconds when refused: seconds until a token is back
 */
public record RateDecision(
        boolean allowed, long limit, long remaining, long resetEpochSecond, long retryAfterSeconds) {}
