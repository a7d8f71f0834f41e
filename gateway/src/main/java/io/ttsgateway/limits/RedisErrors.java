package io.ttsgateway.limits;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells an unreachable Redis from one that answered with something unusable. Pure. */
final class RedisErrors {

    private RedisErrors() {}

    /**
     * Whether the failure says Redis could not be reached in time: a connection refused, closed or reset, a command
     * rejected while disconnected, a timeout. A reply Redis sent (an error reply, a value that does not decode) is
     * not: it says the data is wrong, not that Redis is away.
     */
    static boolean unreachable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RedisCommandExecutionException) {
                return false;
            }
            if (e instanceof RedisException || e instanceof IOException || e instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure is a timeout: Redis was asked and did not answer in time. */
    static boolean timedOut(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof RedisCommandTimeoutException || e instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
