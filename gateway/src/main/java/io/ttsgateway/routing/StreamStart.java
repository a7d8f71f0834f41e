package io.ttsgateway.routing;

import io.ttsgateway.provider.ProviderFailure;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Waits for a stream's first chunk without consuming it. Until a chunk arrives, a failure is a failure before the
 * first byte (fallback is allowed); once it arrives, the caller's response can be committed to this provider and the
 * returned flux replays that chunk followed by the rest, still streaming.
 */
public final class StreamStart {

    private StreamStart() {}

    public static <T> Mono<Flux<T>> open(String provider, Flux<T> source) {
        return source.<Flux<T>>switchOnFirst(
                        (first, whole) -> {
                            if (first.hasValue()) {
                                return Mono.just(whole);
                            }
                            if (first.hasError()) {
                                return Mono.error(first.getThrowable());
                            }
                            return Mono.error(new ProviderFailure.BadAudio(provider, "the stream ended without audio"));
                        },
                        // The committed stream is subscribed after this Mono completes: completing here must not
                        // cancel the provider's response.
                        false)
                .singleOrEmpty();
    }
}
