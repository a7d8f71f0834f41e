package io.ttsgateway.routing;

import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.voice.VoiceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Walks the provider chain for one request (API.md §1): skip providers that cannot serve (format, voice, health,
 * quota, breaker), call the next through its breaker, retry whole-audio calls that may succeed on a second try, fall
 * back on failures before the first byte, stop on a rejection. The decisions are made by {@link FailurePolicy} and
 * {@link RetryPolicy}; this class only sequences them.
 */
public class SynthesisRouter {

    /** Whole audio may be retried (it is collected before anything is sent); a stream never is. */
    public enum Mode {
        WHOLE,
        STREAM
    }

    private static final Logger log = LoggerFactory.getLogger(SynthesisRouter.class);

    private final List<TtsProvider> chain;
    private final Map<String, ProviderGuard> guards;
    private final VoiceCatalog voices;
    private final RetryPolicy retries;

    public SynthesisRouter(
            List<TtsProvider> chain, Map<String, ProviderGuard> guards, VoiceCatalog voices, RetryPolicy retries) {
        this.chain = List.copyOf(chain);
        this.guards = Map.copyOf(guards);
        this.voices = voices;
        this.retries = retries;
    }

    public List<TtsProvider> chain() {
        return chain;
    }

    public ProviderGuard guard(String provider) {
        return guards.get(provider);
    }

    /**
     * This router with {@code provider} tried first and the rest of the chain after it in its order: a conversation
     * stays with the voice that spoke its first words while that provider works (API.md §8), and falls back as usual
     * when it does not. A provider not in the chain changes nothing.
     */
    public SynthesisRouter preferring(String provider) {
        List<TtsProvider> first =
                chain.stream().filter(p -> p.name().equals(provider)).toList();
        if (first.isEmpty() || chain.get(0).name().equals(provider)) {
            return this;
        }
        List<TtsProvider> order = new ArrayList<>(first);
        chain.stream().filter(p -> !p.name().equals(provider)).forEach(order::add);
        return new SynthesisRouter(order, guards, voices, retries);
    }

    /**
     * Routes one request.
     *
     * @param admission the caller's checks right before each provider call (the ElevenLabs cost cap)
     */
    public <T> Mono<Routed<T>> route(
            RouteRequest request, Mode mode, ProviderCall<T> call, ProviderAdmission admission) {
        return route(request, mode, call, admission, List.of());
    }

    /**
     * Routes one request whose identical twin has already been through part of the chain for it (API.md §9: a shared
     * call that failed counts as each waiting caller's attempt).
     *
     * @param failedAlready calls made on this request's behalf that failed: each such provider is recorded with its
     *     attempt and not called again; providers only skipped are judged again, under this request's own admission
     */
    public <T> Mono<Routed<T>> route(
            RouteRequest request,
            Mode mode,
            ProviderCall<T> call,
            ProviderAdmission admission,
            List<Attempt> failedAlready) {
        Map<String, Attempt> failed = new HashMap<>();
        failedAlready.stream().filter(Attempt::called).forEach(a -> failed.put(a.provider(), a));
        return Mono.defer(() -> attempt(0, new Walk<>(request, mode, call, admission, Map.copyOf(failed)), List.of()));
    }

    /** What stays the same while one request walks the chain. */
    private record Walk<T>(
            RouteRequest request,
            Mode mode,
            ProviderCall<T> call,
            ProviderAdmission admission,
            Map<String, Attempt> failedAlready) {}

    /** How one provider's call ended: it serves the request, or the walk goes on with one more attempt. */
    private sealed interface Outcome<T> {
        record Served<T>(Routed<T> routed) implements Outcome<T> {}

        record Failed<T>(Attempt attempt) implements Outcome<T> {}
    }

    private <T> Mono<Routed<T>> attempt(int index, Walk<T> walk, List<Attempt> before) {
        if (index >= chain.size()) {
            return Mono.error(new RoutingFailure.Exhausted(before));
        }
        TtsProvider provider = chain.get(index);
        Attempt earlier = walk.failedAlready().get(provider.name());
        if (earlier != null) {
            return attempt(index + 1, walk, append(before, earlier));
        }
        ProviderGuard guard = guards.get(provider.name());
        Optional<String> voiceId =
                voices.resolve(walk.request().voice(), provider.name()).or(provider::fallbackVoice);
        Optional<String> skip = skipReason(provider, guard, walk.request(), voiceId);
        if (skip.isPresent()) {
            return attempt(index + 1, walk, append(before, Attempt.skipped(provider.name(), skip.get())));
        }
        return walk.admission().admit(provider.name(), walk.request()).flatMap(ticket -> {
            if (!ticket.admitted()) {
                return attempt(index + 1, walk, append(before, Attempt.skipped(provider.name(), ticket.refusal())));
            }
            // The ticket is settled once: kept when this provider serves or may bill the call, refunded when no
            // call went out or the provider answered an error. A caller leaving once a call went out leaves it kept
            // (API.md §4: hanging up must not make paid characters free). A cancel that arrives while a later
            // provider is being tried finds it settled already.
            Settlement settlement = new Settlement(ticket);
            return call(provider, guard, walk, voiceId.orElseThrow(), before, settlement)
                    .doOnCancel(() -> settlement.cancelled().subscribe())
                    .onErrorResume(error -> settlement.refund().then(Mono.error(error)))
                    .flatMap(outcome -> {
                        if (outcome instanceof Outcome.Served<T> served) {
                            settlement.keep();
                            return Mono.just(served.routed());
                        }
                        Outcome.Failed<T> failed = (Outcome.Failed<T>) outcome;
                        return settlement
                                .afterFailure()
                                .then(Mono.defer(() -> attempt(index + 1, walk, append(before, failed.attempt()))));
                    });
        });
    }

    /**
     * The admission ticket of the call in flight, settled exactly once: kept, or refunded. A retry after a try the
     * provider may bill keeps that try's ticket and needs a new one ({@link #renew}): each paid call is counted
     * against the cap, not each request. Each ticket carries its own state, so a caller leaving while the next ticket
     * is being taken settles the right one.
     */
    private static final class Settlement {

        /** One ticket: whether what went out under it may be billed, and whether it is settled. */
        private static final class Held {
            private final ProviderAdmission.Ticket ticket;
            private final AtomicBoolean settled = new AtomicBoolean();
            private volatile boolean mayBeBilled;

            Held(ProviderAdmission.Ticket ticket) {
                this.ticket = ticket;
            }

            Mono<Void> refund() {
                return Mono.defer(() -> settled.compareAndSet(false, true) ? ticket.refund() : Mono.empty());
            }
        }

        private volatile Held current;
        private volatile boolean cancelled;

        Settlement(ProviderAdmission.Ticket ticket) {
            this.current = new Held(ticket);
        }

        /** A call under the current ticket is going out: from now on the provider may bill it. */
        void sending() {
            Held held = current;
            held.mayBeBilled = true;
            held.ticket.sent().run();
        }

        /** A try ended: answered with an error status, it is on no invoice. */
        void tryFailed(boolean billable) {
            current.mayBeBilled = billable;
        }

        void keep() {
            current.settled.set(true);
        }

        /** The provider failed: the ticket is kept if its last try may be billed, else refunded. */
        Mono<Void> afterFailure() {
            return current.mayBeBilled ? Mono.fromRunnable(this::keep) : refund();
        }

        Mono<Void> refund() {
            return Mono.defer(() -> current.refund());
        }

        /**
         * The caller left: the ticket is kept if the provider may bill what went out under it, else refunded. A
         * ticket a retry's admission installs after this is refunded by {@link #renew}.
         */
        Mono<Void> cancelled() {
            cancelled = true;
            Held held = current;
            return held.mayBeBilled ? Mono.fromRunnable(() -> held.settled.set(true)) : held.refund();
        }

        /**
         * Keeps the current ticket and takes the next one from {@code admission}.
         *
         * @return the refusal when the next call is not admitted (no retry then), empty when it is
         */
        Mono<Optional<String>> renew(Mono<ProviderAdmission.Ticket> admission) {
            keep();
            return admission.map(next -> {
                if (!next.admitted()) {
                    return Optional.of(next.refusal());
                }
                Held held = new Held(next);
                current = held;
                if (cancelled) {
                    // The caller left while this ticket was being taken: nothing will go out under it.
                    held.refund().subscribe();
                }
                return Optional.<String>empty();
            });
        }
    }

    private <T> Mono<Outcome<T>> call(
            TtsProvider provider,
            ProviderGuard guard,
            Walk<T> walk,
            String voiceId,
            List<Attempt> before,
            Settlement settlement) {
        AtomicInteger calls = new AtomicInteger();
        RouteRequest request = walk.request();
        SynthesisRequest synthesis = new SynthesisRequest(
                request.text(),
                voiceId,
                request.format(),
                request.requestId(),
                request.options(),
                request.withTimestamps());
        Mono<T> once = Mono.defer(() -> walk.call().finish(provider.name(), guard.call(() -> {
                    calls.incrementAndGet();
                    settlement.sending();
                    return walk.mode() == Mode.WHOLE ? provider.synthesize(synthesis) : provider.stream(synthesis);
                })))
                // The last try decides: an earlier try the provider may bill kept its own ticket before the retry.
                .doOnError(ProviderFailure.class, failure -> settlement.tryFailed(FailurePolicy.mayBeBilled(failure)));
        Mono<T> tried = walk.mode() == Mode.WHOLE
                ? once.retryWhen(retrySpec(
                        provider.name(),
                        request,
                        failure -> FailurePolicy.mayBeBilled(failure)
                                ? settlement.renew(walk.admission().admit(provider.name(), request))
                                : Mono.just(Optional.empty())))
                : once;
        return tried.<Outcome<T>>map(value -> new Outcome.Served<>(new Routed<>(
                        provider.name(), value, append(before, new Attempt(provider.name(), Attempt.OK, calls.get())))))
                .onErrorResume(ProviderFailure.class, failure -> {
                    Attempt attempt = new Attempt(provider.name(), FailurePolicy.outcome(failure), calls.get());
                    if (FailurePolicy.classify(failure) == FailurePolicy.Action.REJECT) {
                        int status = ((ProviderFailure.Status) failure).status();
                        return Mono.error(new RoutingFailure.Rejected(
                                provider.name(), status, failure.getMessage(), append(before, attempt)));
                    }
                    noteFailure(provider.name(), guard, failure, request);
                    return Mono.just(new Outcome.Failed<>(attempt));
                });
    }

    private static List<Attempt> append(List<Attempt> attempts, Attempt next) {
        List<Attempt> more = new ArrayList<>(attempts.size() + 1);
        more.addAll(attempts);
        more.add(next);
        return List.copyOf(more);
    }

    private static Optional<String> skipReason(
            TtsProvider provider, ProviderGuard guard, RouteRequest request, Optional<String> voiceId) {
        if (!provider.supports(request.format())) {
            return Optional.of("format");
        }
        if (request.withTimestamps() && !provider.supportsTimestamps()) {
            return Optional.of("timestamps");
        }
        if (voiceId.isEmpty()) {
            return Optional.of("voice");
        }
        return guard.unavailable();
    }

    /**
     * @param admitAgain before each retry: empty when the retry may go out, else why not (a cap refusing a second paid
     *     call); the failure then ends this provider's attempt
     */
    private Retry retrySpec(
            String provider, RouteRequest request, Function<ProviderFailure, Mono<Optional<String>>> admitAgain) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Optional<Duration> delay = retries.delayFor(
                    signal.failure(),
                    signal.totalRetries(),
                    ThreadLocalRandom.current().nextDouble());
            if (delay.isEmpty()) {
                return Mono.error(signal.failure());
            }
            log.info(
                    "retrying provider {} in {} ms after {}, request {}",
                    provider,
                    delay.get().toMillis(),
                    outcomeOf(signal.failure()),
                    request.requestId());
            Mono<Optional<String>> admitted = signal.failure() instanceof ProviderFailure failure
                    ? admitAgain.apply(failure)
                    : Mono.just(Optional.empty());
            return Mono.delay(delay.get()).then(admitted).flatMap(refusal -> {
                if (refusal.isPresent()) {
                    log.info(
                            "not retrying provider {}: the call may be billed and another one is not admitted ({})"
                                    + ", request {}",
                            provider,
                            refusal.get(),
                            request.requestId());
                    return Mono.error(signal.failure());
                }
                return Mono.just(0L);
            });
        }));
    }

    private static String outcomeOf(Throwable failure) {
        return failure instanceof ProviderFailure f
                ? FailurePolicy.outcome(f)
                : failure.getClass().getSimpleName();
    }

    private static void noteFailure(
            String provider, ProviderGuard guard, ProviderFailure failure, RouteRequest request) {
        if (FailurePolicy.isQuotaExceeded(failure)) {
            // The account's quota is spent: skip it as capped until its quota check succeeds (API.md §1).
            guard.health().markQuotaExhausted();
            log.warn("provider {} reports its quota exceeded: skipped until a quota check succeeds", provider);
        } else if (FailurePolicy.isMisconfiguration(failure)) {
            log.error(
                    "provider {} refused the gateway's credentials ({}): check its auth settings",
                    provider,
                    failure.outcome());
        } else if (!(failure instanceof ProviderFailure.NotCalled)) {
            log.warn(
                    "provider {} failed before the first byte ({}), request {}",
                    provider,
                    FailurePolicy.outcome(failure),
                    request.requestId());
        }
    }
}
