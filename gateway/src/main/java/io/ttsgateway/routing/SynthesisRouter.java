package io.ttsgateway.routing;

import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.voice.VoiceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final ProviderAdmission admission;

    public SynthesisRouter(List<TtsProvider> chain, Map<String, ProviderGuard> guards, VoiceCatalog voices,
            RetryPolicy retries, ProviderAdmission admission) {
        this.chain = List.copyOf(chain);
        this.guards = Map.copyOf(guards);
        this.voices = voices;
        this.retries = retries;
        this.admission = admission;
    }

    public List<TtsProvider> chain() {
        return chain;
    }

    public ProviderGuard guard(String provider) {
        return guards.get(provider);
    }

    public <T> Mono<Routed<T>> route(RouteRequest request, Mode mode, ProviderCall<T> call) {
        return Mono.defer(() -> attempt(0, request, mode, call, new ArrayList<>()));
    }

    private <T> Mono<Routed<T>> attempt(
            int index, RouteRequest request, Mode mode, ProviderCall<T> call, List<Attempt> attempts) {
        if (index >= chain.size()) {
            return Mono.error(new RoutingFailure.Exhausted(attempts));
        }
        TtsProvider provider = chain.get(index);
        ProviderGuard guard = guards.get(provider.name());
        Optional<String> voiceId = voices.resolve(request.voice(), provider.name()).or(provider::fallbackVoice);
        Optional<String> skip = skipReason(provider, guard, request, voiceId);
        if (skip.isPresent()) {
            attempts.add(Attempt.skipped(provider.name(), skip.get()));
            return attempt(index + 1, request, mode, call, attempts);
        }
        return admission.admit(provider.name(), request).flatMap(ticket -> {
            if (!ticket.admitted()) {
                attempts.add(Attempt.skipped(provider.name(), ticket.refusal()));
                return attempt(index + 1, request, mode, call, attempts);
            }
            // The ticket is settled once: kept on success, refunded when this provider's call failed or the caller
            // left during it. Errors of later providers do not pass through this handler.
            return call(provider, guard, request, voiceId.orElseThrow(), mode, call, attempts)
                    .doOnCancel(() -> ticket.refund().subscribe())
                    .onErrorResume(error -> ticket.refund().then(error instanceof FallBack
                            ? Mono.defer(() -> attempt(index + 1, request, mode, call, attempts))
                            : Mono.error(error)));
        });
    }

    /** Signals "try the next provider" from {@link #call}; never leaves this class. */
    private static final class FallBack extends RuntimeException {
        FallBack() {
            super(null, null, false, false);
        }
    }

    private <T> Mono<Routed<T>> call(TtsProvider provider, ProviderGuard guard, RouteRequest request, String voiceId,
            Mode mode, ProviderCall<T> call, List<Attempt> attempts) {
        SynthesisRequest synthesis = new SynthesisRequest(
                request.text(), voiceId, request.format(), request.requestId(), request.options());
        AtomicInteger calls = new AtomicInteger();
        Mono<T> once = Mono.defer(() -> call.finish(provider.name(), guard.call(() -> {
            calls.incrementAndGet();
            return mode == Mode.WHOLE ? provider.synthesize(synthesis) : provider.stream(synthesis);
        })));
        Mono<T> tried = mode == Mode.WHOLE ? once.retryWhen(retrySpec(provider.name(), request)) : once;
        return tried
                .map(value -> {
                    attempts.add(new Attempt(provider.name(), Attempt.OK, calls.get()));
                    return new Routed<>(provider.name(), value, List.copyOf(attempts));
                })
                .onErrorResume(ProviderFailure.class, failure -> {
                    attempts.add(new Attempt(provider.name(), FailurePolicy.outcome(failure), calls.get()));
                    if (FailurePolicy.classify(failure) == FailurePolicy.Action.REJECT) {
                        int status = ((ProviderFailure.Status) failure).status();
                        return Mono.error(new RoutingFailure.Rejected(
                                provider.name(), status, failure.getMessage(), attempts));
                    }
                    noteFailure(provider.name(), guard, failure, request);
                    return Mono.error(new FallBack());
                });
    }

    private static Optional<String> skipReason(
            TtsProvider provider, ProviderGuard guard, RouteRequest request, Optional<String> voiceId) {
        if (!provider.supports(request.format())) {
            return Optional.of("format");
        }
        if (voiceId.isEmpty()) {
            return Optional.of("voice");
        }
        return guard.unavailable();
    }

    private Retry retrySpec(String provider, RouteRequest request) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Optional<Duration> delay = retries.delayFor(
                    signal.failure(), signal.totalRetries(), ThreadLocalRandom.current().nextDouble());
            if (delay.isEmpty()) {
                return Mono.error(signal.failure());
            }
            log.info("retrying provider {} in {} ms after {}, request {}", provider, delay.get().toMillis(),
                    outcomeOf(signal.failure()), request.requestId());
            return Mono.delay(delay.get());
        }));
    }

    private static String outcomeOf(Throwable failure) {
        return failure instanceof ProviderFailure f ? FailurePolicy.outcome(f) : failure.getClass().getSimpleName();
    }

    private static void noteFailure(String provider, ProviderGuard guard, ProviderFailure failure, RouteRequest request) {
        if (FailurePolicy.isQuotaExceeded(failure)) {
            // The account's quota is spent: skip it as capped until its quota check succeeds (API.md §1).
            guard.health().markQuotaExhausted();
            log.warn("provider {} reports its quota exceeded: skipped until a quota check succeeds", provider);
        } else if (FailurePolicy.isMisconfiguration(failure)) {
            log.error("provider {} refused the gateway's credentials ({}): check its auth settings",
                    provider, failure.outcome());
        } else if (!(failure instanceof ProviderFailure.NotCalled)) {
            log.warn("provider {} failed before the first byte ({}), request {}",
                    provider, FailurePolicy.outcome(failure), request.requestId());
        }
    }
}
