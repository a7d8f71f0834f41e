package io.ttsgateway.routing;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns one provider's audio into what the caller's response is committed with: the whole audio, collected, or a
 * stream whose first chunk has arrived. Until the returned Mono emits, any failure is a failure before the first
 * byte, and the router may fall back.
 */
@FunctionalInterface
public interface ProviderCall<T> {

    Mono<T> finish(String provider, Flux<DataBuffer> audio);
}
