package io.ttsgateway.streaminput;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * Why the gateway ends a conversation (API.md §8): the error message it sends first, when there is one, and the close
 * code and reason that follow. The reason is a word from a short list, so it can also tag a metric.
 */
final class ConversationEnd extends RuntimeException {

    private final int code;
    private final String reason;
    private final String error;

    private ConversationEnd(int code, String reason, String error, String message) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.error = error;
    }

    static ConversationEnd invalid(String message) {
        return new ConversationEnd(
                CloseStatus.POLICY_VIOLATION.getCode(), "invalid_request", "invalid_request", message);
    }

    static ConversationEnd unauthenticated(String message) {
        return new ConversationEnd(
                CloseStatus.POLICY_VIOLATION.getCode(), "unauthenticated", "unauthenticated", message);
    }

    /** A limit refused the conversation: {@code rate_limited}, {@code too_many_streams} or {@code quota_exceeded}. */
    static ConversationEnd limited(String error, String message) {
        return new ConversationEnd(CloseStatus.POLICY_VIOLATION.getCode(), error, error, message);
    }

    /** A message over the 1 MiB a client may send (API.md §8). */
    static ConversationEnd tooLarge() {
        return new ConversationEnd(
                CloseStatus.TOO_BIG_TO_PROCESS.getCode(),
                "message_too_large",
                "message_too_large",
                "a message may be at most " + StreamInput.MAX_FRAME_BYTES + " bytes");
    }

    /** The gateway is shutting down: the client reconnects, to another replica. */
    static ConversationEnd goingAway() {
        return new ConversationEnd(
                CloseStatus.GOING_AWAY.getCode(),
                "going_away",
                "going_away",
                "the gateway is shutting down; reconnect to go on");
    }

    static ConversationEnd inactive(long seconds) {
        return new ConversationEnd(
                CloseStatus.POLICY_VIOLATION.getCode(),
                "inactivity",
                "input_timeout_exceeded",
                "no text for " + seconds + " seconds; send {\"text\": \" \"} to keep the connection open, and"
                        + " {\"text\": \"\"} when done");
    }

    /** The providers failed a segment: before its audio ({@code upstream_failed}) or after it started. */
    static ConversationEnd upstream(String error, String message) {
        return new ConversationEnd(CloseStatus.SERVER_ERROR.getCode(), error, error, message);
    }

    /** The client's connection broke (reset, or closed without a close frame): nothing more can be sent to it. */
    static ConversationEnd clientLeft() {
        return new ConversationEnd(
                CloseStatus.NO_CLOSE_FRAME.getCode(), "client_left", "client_left", "the client left");
    }

    /** Whether the client is gone, so that no message goes out. */
    boolean isClientGone() {
        return code == CloseStatus.NO_CLOSE_FRAME.getCode();
    }

    static ConversationEnd internal() {
        return new ConversationEnd(
                CloseStatus.SERVER_ERROR.getCode(),
                "internal_error",
                "internal_error",
                "the gateway failed unexpectedly; the request id identifies the log lines");
    }

    int code() {
        return code;
    }

    /** The close frame's reason, and the metric's. */
    String reason() {
        return reason;
    }

    /** The {@code error} of the message sent before closing. */
    String error() {
        return error;
    }

    CloseStatus status() {
        return new CloseStatus(code, reason);
    }
}
