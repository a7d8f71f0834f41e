package io.ttsgateway.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Every request of the run, and what the gateway owes for each (API.md §4): its characters when audio reached the
 * caller, or when ElevenLabs received a call for it that it did not answer with an error status (ElevenLabs may bill
 * that call, so the client pays for it even without audio); nothing otherwise. The ElevenLabs month owes the
 * characters once per call of the second kind (a whole-audio retry after a reset is a second paid call), whichever
 * way the request then ended.
 */
final class Ledger {

    /**
     * What one request should have cost.
     *
     * @param chars charged to the client's day and month
     * @param elevenLabs charged to its ElevenLabs month and the gateway-wide one
     */
    record Due(long chars, long elevenLabs, Reason reason) {}

    /** Why a request is due what it is due. */
    enum Reason {
        /** The caller got the whole audio. */
        WHOLE_AUDIO,
        /** Audio reached the caller, not all of it (it left, or the stream broke). */
        PART_AUDIO,
        /** No audio reached the caller, but ElevenLabs may bill a call it received for it. */
        ELEVENLABS_ONLY,
        /** No audio and no billable call: refunded, or never charged. */
        NOTHING
    }

    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    private final SoakProvider elevenLabs;

    Ledger(SoakProvider elevenLabs) {
        this.elevenLabs = elevenLabs;
    }

    void add(Exchange exchange) {
        exchanges.add(exchange);
    }

    List<Exchange> all() {
        return new ArrayList<>(exchanges);
    }

    List<Exchange> where(Predicate<Exchange> filter) {
        return exchanges.stream().filter(filter).toList();
    }

    List<SoakProvider.Receipt> elevenLabsReceipts(String requestId) {
        return elevenLabs.receipts(requestId);
    }

    /** Read once every request of the phase is over, so every ElevenLabs receipt is in. */
    Due due(Exchange exchange) {
        long billableCalls = elevenLabs.receipts(exchange.id()).stream()
                .filter(r -> r.answer().billable())
                .count();
        boolean billable = billableCalls > 0;
        long elevenLabsDue = billableCalls * exchange.chars();
        if (exchange.complete()) {
            return new Due(exchange.chars(), elevenLabsDue, Reason.WHOLE_AUDIO);
        }
        if (exchange.audioReached()) {
            return new Due(exchange.chars(), elevenLabsDue, Reason.PART_AUDIO);
        }
        return billable
                ? new Due(exchange.chars(), elevenLabsDue, Reason.ELEVENLABS_ONLY)
                : new Due(0, 0, Reason.NOTHING);
    }

    /** Sums of what a set of requests is due. */
    record Sums(long requests, long whole, long part, long elevenLabsOnly, long chars, long elevenLabs) {

        static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0);

        Sums plus(Sums o) {
            return new Sums(
                    requests + o.requests,
                    whole + o.whole,
                    part + o.part,
                    elevenLabsOnly + o.elevenLabsOnly,
                    chars + o.chars,
                    elevenLabs + o.elevenLabs);
        }
    }

    Sums sum(List<Exchange> subset) {
        Sums sums = Sums.ZERO;
        for (Exchange exchange : subset) {
            Due due = due(exchange);
            sums = sums.plus(new Sums(
                    1,
                    due.reason() == Reason.WHOLE_AUDIO ? due.chars() : 0,
                    due.reason() == Reason.PART_AUDIO ? due.chars() : 0,
                    due.reason() == Reason.ELEVENLABS_ONLY ? due.chars() : 0,
                    due.chars(),
                    due.elevenLabs()));
        }
        return sums;
    }
}
