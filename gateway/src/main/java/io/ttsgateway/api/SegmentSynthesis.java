package io.ttsgateway.api;

import io.ttsgateway.auth.Client;
import io.ttsgateway.routing.Routed;
import io.ttsgateway.timing.TimedChunk;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The pipeline, for a surface that speaks a conversation segment by segment (API.md §8): each segment validated as
 * the body of {@code POST /v1/tts/stream/with-timestamps}, then charged and routed like one, without the audio cache.
 */
public final class SegmentSynthesis {

    private final SynthesisService synthesis;
    private final TtsRequestValidator validator;

    SegmentSynthesis(SynthesisService synthesis, TtsRequestValidator validator) {
        this.synthesis = synthesis;
        this.validator = validator;
    }

    /**
     * @param body a body in the gateway's own shape
     * @throws ApiProblem 400 {@code invalid-request} listing each field error
     */
    public TtsRequest request(JsonNode body) {
        return validator.validateWithTimestamps(body, true);
    }

    /**
     * The segment's audio and alignment, chunk by chunk as the provider sends it, once a provider has produced the
     * first chunk.
     *
     * @param preferred the provider tried first (the one that served the conversation so far), null for none
     */
    public Mono<Routed<Flux<TimedChunk>>> speak(Client client, String requestId, TtsRequest request, String preferred) {
        return synthesis.segment(client, requestId, request, preferred);
    }
}
