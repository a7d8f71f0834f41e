package io.ttsgateway.routing;

import java.util.List;

/** Why no audio could be produced, with every attempt, for the API to render as problem+json. */
public abstract sealed class RoutingFailure extends RuntimeException
        permits RoutingFailure.Rejected, RoutingFailure.Exhausted {

    private final List<Attempt> attempts;

    private RoutingFailure(String message, List<Attempt> attempts) {
        super(message, null, false, false);
        this.attempts = List.copyOf(attempts);
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    /** A provider said the request itself is wrong (400/404/422): 422 {@code upstream-rejected}. */
    public static final class Rejected extends RoutingFailure {
        private final String provider;
        private final int upstreamStatus;

        public Rejected(String provider, int upstreamStatus, String message, List<Attempt> attempts) {
            super(message, attempts);
            this.provider = provider;
            this.upstreamStatus = upstreamStatus;
        }

        public String provider() {
            return provider;
        }

        public int upstreamStatus() {
            return upstreamStatus;
        }
    }

    /** Every provider was skipped or failed: 502, 503 or 504 by {@link #kind()}. */
    public static final class Exhausted extends RoutingFailure {
        public enum Kind {
            /** No provider could be called at all. */
            NONE_AVAILABLE,
            /** Providers were called; the last one called timed out. */
            TIMEOUT,
            /** Providers were called and failed. */
            FAILED
        }

        private final Kind kind;

        public Exhausted(List<Attempt> attempts) {
            super("no provider produced audio", attempts);
            this.kind = kindOf(attempts);
        }

        public Kind kind() {
            return kind;
        }

        static Kind kindOf(List<Attempt> attempts) {
            Attempt lastCalled = null;
            for (Attempt a : attempts) {
                if (a.called()) {
                    lastCalled = a;
                }
            }
            if (lastCalled == null) {
                return Kind.NONE_AVAILABLE;
            }
            return lastCalled.timedOut() ? Kind.TIMEOUT : Kind.FAILED;
        }
    }
}
