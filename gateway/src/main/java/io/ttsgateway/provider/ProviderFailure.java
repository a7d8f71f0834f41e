package io.ttsgateway.provider;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a provider call failed, in terms routing can act on. Stack traces are not filled: these are expected outcomes,
 * counted and logged by outcome, not programming errors.
 */
public abstract sealed class ProviderFailure extends RuntimeException
        permits ProviderFailure.Refused,
                ProviderFailure.Timeout,
                ProviderFailure.Reset,
                ProviderFailure.Status,
                ProviderFailure.BadAudio,
                ProviderFailure.NotCalled {

    private final String provider;

    private ProviderFailure(String provider, String message) {
        super(message, null, false, false);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }

    /** The attempt outcome named in API.md §2 ({@code refused}, {@code timeout}, {@code reset}, {@code status:503}). */
    public abstract String outcome();

    /** The connection could not be opened (refused, unknown host, connect timeout). */
    public static final class Refused extends ProviderFailure {
        public Refused(String provider, String message) {
            super(provider, message);
        }

        @Override
        public String outcome() {
            return "refused";
        }
    }

    /** No first byte, or no next chunk, or no whole answer in time. */
    public static final class Timeout extends ProviderFailure {

        /** What was waited for; it names the timeout in the message. */
        public enum Phase {
            FIRST_BYTE,
            IDLE,
            TOTAL
        }

        public Timeout(String provider, Phase phase) {
            super(
                    provider,
                    "timed out waiting for "
                            + phase.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }

        @Override
        public String outcome() {
            return "timeout";
        }
    }

    /** The connection broke after it was open (reset, premature close). */
    public static final class Reset extends ProviderFailure {
        public Reset(String provider, String message) {
            super(provider, message);
        }

        @Override
        public String outcome() {
            return "reset";
        }
    }

    /** The provider answered with a non-2xx status. */
    public static final class Status extends ProviderFailure {
        private final int status;
        private final String code;
        private final Duration retryAfter;

        /**
         * @param code the provider's machine-readable status (ElevenLabs' {@code detail.status}), may be null
         * @param message the provider's message, already sanitized
         * @param retryAfter the provider's {@code Retry-After}, may be null
         */
        public Status(String provider, int status, String code, String message, Duration retryAfter) {
            super(provider, message);
            this.status = status;
            this.code = code;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        public Optional<String> code() {
            return Optional.ofNullable(code);
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public String outcome() {
            return "status:" + status;
        }
    }

    /** A 2xx answer that carried no usable audio (empty, or larger than the gateway will hold). */
    public static final class BadAudio extends ProviderFailure {
        public BadAudio(String provider, String message) {
            super(provider, message);
        }

        @Override
        public String outcome() {
            return "bad-audio";
        }
    }

    /** The provider was not called at all: its breaker refused the call (API.md §2 outcome, e.g. {@code breaker-open}). */
    public static final class NotCalled extends ProviderFailure {
        private final String outcome;

        public NotCalled(String provider, String outcome) {
            super(provider, provider + " was not called: " + outcome);
            this.outcome = outcome;
        }

        @Override
        public String outcome() {
            return outcome;
        }
    }
}
