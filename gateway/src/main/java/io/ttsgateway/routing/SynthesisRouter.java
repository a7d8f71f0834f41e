package io.ttsgateway.routing;

import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.voice.VoiceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Walks the provider chain for one request (API.md §1): skip providers that cannot serve, call the next, fall back on
 * failures before the first byte, stop on a rejection. What counts as which is decided by {@link FailurePolicy}.
 */
public class SynthesisRouter {

    private static final Logger log = LoggerFactory.getLogger(SynthesisRouter.class);

    private final List<TtsProvider> chain;
    private final VoiceCatalog voices;

    public SynthesisRouter(List<TtsProvider> chain, VoiceCatalog voices) {
        this.chain = List.copyOf(chain);
        this.voices = voices;
    }

    public List<TtsProvider> chain() {
        return chain;
    }

    public <T> Mono<Routed<T>> route(RouteRequest request, ProviderCall<T> call) {
        return Mono.defer(() -> attempt(0, request, call, new ArrayList<>()));
    }

    private <T> Mono<Routed<T>> attempt(int index, RouteRequest request, ProviderCall<T> call, List<Attempt> attempts) {
        if (index >= chain.size()) {
            return Mono.error(new RoutingFailure.Exhausted(attempts));
        }
        TtsProvider provider = chain.get(index);
        if (!provider.supports(request.format())) {
            attempts.add(Attempt.skipped(provider.name(), "format"));
            return attempt(index + 1, request, call, attempts);
        }
        Optional<String> voiceId = voices.resolve(request.voice(), provider.name()).or(provider::fallbackVoice);
        if (voiceId.isEmpty()) {
            attempts.add(Attempt.skipped(provider.name(), "voice"));
            return attempt(index + 1, request, call, attempts);
        }
        SynthesisRequest synthesis = new SynthesisRequest(
                request.text(), voiceId.get(), request.format(), request.requestId(), request.options());
        AtomicInteger tries = new AtomicInteger();
        return Mono.defer(() -> {
                    tries.incrementAndGet();
                    return call.call(provider, synthesis);
                })
                .map(value -> {
                    attempts.add(new Attempt(provider.name(), Attempt.OK, tries.get()));
                    return new Routed<>(provider.name(), value, List.copyOf(attempts));
                })
                .onErrorResume(ProviderFailure.class, failure -> {
                    attempts.add(new Attempt(provider.name(), FailurePolicy.outcome(failure), tries.get()));
                    if (FailurePolicy.classify(failure) == FailurePolicy.Action.REJECT) {
                        int status = ((ProviderFailure.Status) failure).status();
                        return Mono.error(new RoutingFailure.Rejected(
                                provider.name(), status, failure.getMessage(), attempts));
                    }
                    if (FailurePolicy.isMisconfiguration(failure)) {
                        log.error("provider {} refused the gateway's credentials ({}): check its auth settings",
                                provider.name(), failure.outcome());
                    } else {
                        log.warn("provider {} failed before the first byte ({}), request {}",
                                provider.name(), FailurePolicy.outcome(failure), request.requestId());
                    }
                    return attempt(index + 1, request, call, attempts);
                });
    }
}
