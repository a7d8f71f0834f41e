package io.ttsgateway.soak;

import io.ttsgateway.testing.FakeProvider.Behavior;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * How a fake provider answers one call, planned before the request is sent. The audio is made from a seed when the
 * answer is given, never stored, so a long soak holds no payloads; its length and CRC are known to both sides.
 *
 * @param chunks number of audio chunks (audio kinds), or chunks before the break ({@link Kind#RESET})
 * @param size bytes per chunk
 * @param gapMs pause before every chunk after the first
 * @param delayMs pause before the first byte ({@link Kind#SLOW_FIRST})
 * @param status the error status ({@link Kind#STATUS})
 * @param retryAfter {@code Retry-After} seconds sent with a 429, 0 for none
 */
record Answer(Kind kind, int chunks, int size, long gapMs, long delayMs, int status, int retryAfter, long seed) {

    enum Kind {
        /** Chunked audio, complete. */
        AUDIO,
        /** Audio after a pause before the first byte. */
        SLOW_FIRST,
        /** Many chunks as fast as the reader takes them (slow and stalling callers). */
        BULK,
        /** A few chunks, then the connection breaks without ending the body. */
        RESET,
        /** Two chunks with a gap longer than the gateway's idle timeout between them. */
        IDLE_GAP,
        /** Never answers. */
        HANG,
        /** 200 without a byte of audio. */
        EMPTY,
        /** An error status with an ElevenLabs-shaped body. */
        STATUS,
        /** ElevenLabs' 401 {@code quota_exceeded}. */
        QUOTA
    }

    static Answer audio(int chunks, int size, long gapMs, long seed) {
        return new Answer(Kind.AUDIO, chunks, size, gapMs, 0, 0, 0, seed);
    }

    static Answer slowFirst(long delayMs, int size, long seed) {
        return new Answer(Kind.SLOW_FIRST, 1, size, 0, delayMs, 0, 0, seed);
    }

    static Answer bulk(int chunks, int size) {
        return new Answer(Kind.BULK, chunks, size, 0, 0, 0, 0, 0);
    }

    static Answer reset(int chunks, int size, long seed) {
        return new Answer(Kind.RESET, chunks, size, 30, 0, 0, 0, seed);
    }

    static Answer idleGap(long gapMs, long seed) {
        return new Answer(Kind.IDLE_GAP, 2, 1024, gapMs, 0, 0, 0, seed);
    }

    static Answer hang() {
        return new Answer(Kind.HANG, 0, 0, 0, 0, 0, 0, 0);
    }

    static Answer empty() {
        return new Answer(Kind.EMPTY, 0, 0, 0, 0, 0, 0, 0);
    }

    static Answer status(int status, int retryAfter) {
        return new Answer(Kind.STATUS, 0, 0, 0, 0, status, retryAfter, 0);
    }

    static Answer quota() {
        return new Answer(Kind.QUOTA, 0, 0, 0, 0, 401, 0, 0);
    }

    /**
     * Whether ElevenLabs may bill a call answered so (API.md §4): everything but an error status, so a hang, a
     * break part-way, an idle gap and an empty answer all may be on the invoice.
     */
    boolean billable() {
        return kind != Kind.STATUS && kind != Kind.QUOTA;
    }

    /** Whether this answer carries complete audio, so a caller may get exactly it. */
    boolean completeAudio() {
        return kind == Kind.AUDIO || kind == Kind.SLOW_FIRST || kind == Kind.BULK;
    }

    /** The fault's name in the report ({@code ok} for plain audio). */
    String label() {
        return switch (kind) {
            case AUDIO -> "audio";
            case SLOW_FIRST -> "slow-first-byte";
            case BULK -> "bulk-audio";
            case RESET -> "reset-mid-stream";
            case IDLE_GAP -> "idle-gap";
            case HANG -> "hang";
            case EMPTY -> "empty-200";
            case STATUS -> "status-" + status;
            case QUOTA -> "401-quota_exceeded";
        };
    }

    /** The answer as the test fake's behaviour. */
    Behavior behavior() {
        return switch (kind) {
            case AUDIO -> Behavior.chunks(Duration.ofMillis(gapMs), payload(chunks));
            case SLOW_FIRST -> Behavior.slowFirstByte(Duration.ofMillis(delayMs), payload(1)[0]);
            case BULK -> Behavior.bulk(chunks, size);
            case RESET -> Behavior.resetAfter(Duration.ofMillis(gapMs), payload(chunks));
            case IDLE_GAP -> Behavior.chunks(Duration.ofMillis(gapMs), payload(chunks));
            case HANG -> Behavior.hang();
            case EMPTY -> Behavior.chunks(Duration.ZERO);
            case STATUS ->
                status == 429
                        ? Behavior.status(
                                429,
                                error("too_many_concurrent_requests"),
                                retryAfter > 0 ? Map.of("Retry-After", Integer.toString(retryAfter)) : Map.of())
                        : Behavior.status(status, error(status == 400 ? "invalid_voice" : "service_unavailable"));
            case QUOTA -> Behavior.error(401, "quota_exceeded", "This request exceeds your quota.");
        };
    }

    /** Bytes of complete audio. */
    long audioLength() {
        return (long) chunks * size;
    }

    /** CRC-32 of the complete audio, as a caller that got it all computes it. */
    long audioCrc() {
        CRC32 crc = new CRC32();
        if (kind == Kind.BULK) {
            byte[] zeros = new byte[size];
            for (int i = 0; i < chunks; i++) {
                crc.update(zeros);
            }
        } else {
            for (byte[] chunk : payload(chunks)) {
                crc.update(chunk);
            }
        }
        return crc.getValue();
    }

    private byte[][] payload(int count) {
        byte[][] parts = new byte[count][];
        for (int i = 0; i < count; i++) {
            parts[i] = new byte[size];
            new SplittableRandom(seed * 31 + i).nextBytes(parts[i]);
        }
        return parts;
    }

    private static String error(String code) {
        return "{\"detail\":{\"status\":\"" + code + "\",\"message\":\"injected by the soak\"}}";
    }
}
