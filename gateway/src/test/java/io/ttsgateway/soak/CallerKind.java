package io.ttsgateway.soak;

/** How a virtual caller treats one answer (API.md §10, "Hostile, slow and unlucky callers"). */
enum CallerKind {
    /** Reads everything at once; may reuse its connection. */
    NORMAL,
    /** Reads a long stream in small bites with pauses, to the end. */
    SLOW_READER,
    /** Reads the first bytes of a long stream, stops reading for longer than the gateway's idle timeout, leaves. */
    STALLER,
    /** Reads part of the audio, then vanishes (a reset or a plain close). */
    VANISHER,
    /** Hangs up before the first byte. */
    HANGUP
}
