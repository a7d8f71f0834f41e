package io.ttsgateway.routing;

import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.elevenlabs.ElevenLabs;

/** What a failed call before the first byte means for the chain (API.md §1 fallback rules). Pure. */
final class FailurePolicy {

    enum Action {
        /** Try the next provider. */
        FALLBACK,
        /** The provider rejected the request itself: answer 422, no other provider would do better. */
        REJECT
    }

    static final String QUOTA_EXCEEDED = "quota-exceeded";

    private FailurePolicy() {}

    static Action classify(ProviderFailure failure) {
        if (failure instanceof ProviderFailure.Status status) {
            int code = status.status();
            if (code == 400 || code == 404 || code == 422) {
                return Action.REJECT;
            }
        }
        return Action.FALLBACK;
    }

    /**
     * ElevenLabs' 401 {@code quota_exceeded}: its account quota is spent, not a key problem. Only ElevenLabs' own
     * answer means that; the same words from another provider are an ordinary 401 (API.md §10).
     */
    static boolean isQuotaExceeded(ProviderFailure failure) {
        return ElevenLabs.NAME.equals(failure.provider())
                && failure instanceof ProviderFailure.Status status
                && status.status() == 401
                && status.code().filter("quota_exceeded"::equals).isPresent();
    }

    /** 401/403 other than a spent quota: the gateway's own credentials are wrong, which an operator must fix. */
    static boolean isMisconfiguration(ProviderFailure failure) {
        return failure instanceof ProviderFailure.Status status
                && (status.status() == 401 || status.status() == 403)
                && !isQuotaExceeded(failure);
    }

    /**
     * Whether a failure says something about the provider's health, for its circuit breaker: every failure that
     * leads to a fallback, except a spent quota (its own state, not an outage).
     */
    static boolean countsAgainstProvider(Throwable error) {
        return error instanceof ProviderFailure failure
                && !(failure instanceof ProviderFailure.NotCalled)
                && classify(failure) == Action.FALLBACK
                && !isQuotaExceeded(failure);
    }

    /**
     * Whether the provider may bill a call that ended in this failure (API.md §4): the request went out and was not
     * answered with an error status, so a timeout, a connection broken part-way or an answer without audio may
     * still be on its invoice. A connection never opened, an error status, or a call the breaker refused is not.
     */
    static boolean mayBeBilled(ProviderFailure failure) {
        return failure instanceof ProviderFailure.Timeout
                || failure instanceof ProviderFailure.Reset
                || failure instanceof ProviderFailure.BadAudio;
    }

    /** The outcome recorded in {@code attempts} and metrics. */
    static String outcome(ProviderFailure failure) {
        return isQuotaExceeded(failure) ? QUOTA_EXCEEDED : failure.outcome();
    }
}
