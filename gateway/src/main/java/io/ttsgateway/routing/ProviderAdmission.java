package io.ttsgateway.routing;

import reactor.core.publisher.Mono;

/**
 * A per-request check right before a provider is called, that may cost something to pass (the ElevenLabs cost cap
 * reserves characters). Pass: a {@link Ticket} to settle. Refuse: an attempt outcome, and the provider is skipped.
 */
public interface ProviderAdmission {

    /** Lets every provider through, for tests and chains without paid providers. */
    ProviderAdmission NONE = (provider, request) -> Mono.just(Ticket.FREE);

    Mono<Ticket> admit(String provider, RouteRequest request);

    /**
     * The outcome of an admission. An admitted ticket is settled once by the router: kept when the provider served
     * or may bill the call (it went out and was not answered with an error status), refunded otherwise.
     *
     * @param refusal the attempt outcome when refused ({@code not-allowed}, {@code cap:elevenlabs-monthly}, …),
     *     null when admitted
     * @param refund gives back what admission took; run when no call went out, or the provider answered an error
     * @param sent told each time a call to the provider goes out: from then on it may be billed
     */
    record Ticket(String refusal, Mono<Void> refund, Runnable sent) {

        public static final Ticket FREE = new Ticket(null, Mono.empty(), () -> {});

        public static Ticket refused(String outcome) {
            return new Ticket(outcome, Mono.empty(), () -> {});
        }

        public boolean admitted() {
            return refusal == null;
        }
    }
}
