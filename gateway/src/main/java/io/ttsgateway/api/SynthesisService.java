package io.ttsgateway.api;

import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.routing.RouteRequest;
import io.ttsgateway.routing.Routed;
import io.ttsgateway.routing.StreamStart;
import io.ttsgateway.routing.SynthesisRouter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pipeline every surface shares: a validated request in, routed audio out. Surfaces (native, ElevenLabs-shaped,
 * OpenAI-shaped, browser) differ only in how they parse requests and render answers.
 */
public class SynthesisService {

    private final SynthesisRouter router;
    private final int maxAudioBytes;

    public SynthesisService(SynthesisRouter router, DataSize maxAudioSize) {
        this.router = router;
        this.maxAudioBytes = (int) Math.min(Integer.MAX_VALUE, maxAudioSize.toBytes());
    }

    /** Whole audio, collected before anything is sent so that fallback still applies to a failure part-way. */
    public Mono<Routed<byte[]>> whole(TtsRequest request, String requestId) {
        return router.route(routeRequest(request, requestId), SynthesisRouter.Mode.WHOLE, this::collect);
    }

    /** Streamed audio: routed until a provider produced its first chunk, then passed through as it arrives. */
    public Mono<Routed<Flux<DataBuffer>>> stream(TtsRequest request, String requestId) {
        return router.route(routeRequest(request, requestId), SynthesisRouter.Mode.STREAM, StreamStart::open);
    }

    private Mono<byte[]> collect(String provider, Flux<DataBuffer> audio) {
        return DataBufferUtils.join(audio, maxAudioBytes)
                .onErrorMap(DataBufferLimitException.class, e -> new ProviderFailure.BadAudio(
                        provider, "the audio is larger than " + maxAudioBytes + " bytes"))
                .map(SynthesisService::toBytes)
                .filter(bytes -> bytes.length > 0)
                .switchIfEmpty(Mono.error(() -> new ProviderFailure.BadAudio(provider, "the answer had no audio")));
    }

    private static byte[] toBytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static RouteRequest routeRequest(TtsRequest request, String requestId) {
        return new RouteRequest(request.text(), request.voiceId(), request.format(), requestId, request.options());
    }
}
