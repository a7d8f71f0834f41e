package io.ttsgateway.limits;

/**
 * Redis answered, but with something the gateway cannot use: a corrupt or foreign value under one of its keys (a
 * script error, a wrong type, a bucket state that does not decode). Redis is reachable, so this is not an outage:
 * the request fails (503) and is logged, the replica keeps using Redis, and nobody's counters are replaced by
 * this replica's memory (API.md §10).
 */
public final class StoreAnswerUnusable extends RuntimeException {

    StoreAnswerUnusable(Throwable cause) {
        super("the limit store's answer could not be used: " + cause.getClass().getSimpleName(), cause, false, false);
    }
}
