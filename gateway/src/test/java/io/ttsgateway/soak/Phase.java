package io.ttsgateway.soak;

import java.util.Map;

/**
 * A stretch of traffic between two quiet moments (every caller done, every request settled), with the usage read at
 * both ends. What the usage counters can be held to depends on where the limits lived meanwhile (API.md §4):
 *
 * <ul>
 *   <li>{@link Kind#STEADY}: Redis up throughout, every reservation and settlement in Redis: charged = due, exactly.
 *   <li>{@link Kind#OUTAGE}: Redis down throughout and the gateway knew it before the phase began: every reservation
 *       in this replica's memory (which {@code /v1/usage} then reads): charged = due, exactly, and no ElevenLabs call.
 *   <li>{@link Kind#DOWN} and {@link Kind#UP}: Redis stopped, or started, under load. A request in flight at that
 *       moment may have been reserved in one store and refunded into the void, so these are held to bounds (see
 *       {@link Checks}).
 * </ul>
 *
 * @param deadlineNanos when callers stopped starting requests; {@code endNanos} is when the last one was done
 * @param before usage per client at the start (from Redis, or from memory for an outage)
 * @param gatewayElevenLabsBefore the gateway-wide ElevenLabs month read from Redis, -1 while Redis is down
 * @param stopNanos for DOWN: when Redis was told to shut down; for UP: when it was started
 * @param seenNanos for DOWN: when {@code /ready} first said redis DOWN; for UP: when it first said UP again
 */
record Phase(
        int index,
        Kind kind,
        long startNanos,
        long deadlineNanos,
        long endNanos,
        Map<String, Usage.Snapshot> before,
        Map<String, Usage.Snapshot> after,
        long gatewayElevenLabsBefore,
        long gatewayElevenLabsAfter,
        long stopNanos,
        long seenNanos,
        String note) {

    enum Kind {
        STEADY,
        DOWN,
        OUTAGE,
        UP
    }

    boolean exact() {
        return kind == Kind.STEADY || kind == Kind.OUTAGE;
    }

    String name() {
        return "#" + index + " " + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
