package io.ttsgateway.observability;

import reactor.core.publisher.SignalType;

/** The {@code outcome} of a request (API.md §5), from how its exchange ended. Pure. */
public final class RequestOutcome {

    private RequestOutcome() {}

    /**
     * @param status the response status (0 when none was set)
     * @param signal how the exchange's processing ended
     * @param committedBeforeError whether bytes had gone out when it ended in an error
     */
    public static String of(int status, SignalType signal, boolean committedBeforeError) {
        if (signal == SignalType.CANCEL) {
            return "cancelled";
        }
        if (signal == SignalType.ON_ERROR) {
            return committedBeforeError ? "aborted" : "failed";
        }
        if (status >= 500) {
            return "failed";
        }
        if (status >= 400) {
            return "rejected";
        }
        return "ok";
    }
}
