package io.ttsgateway.routing;

import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import reactor.core.publisher.Mono;

/** One call to one provider, up to the point where its answer is safe to commit (whole audio, or a first chunk). */
@FunctionalInterface
public interface ProviderCall<T> {

    Mono<T> call(TtsProvider provider, SynthesisRequest request);
}
