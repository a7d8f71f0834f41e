package io.ttsgateway.api;

import io.ttsgateway.auth.Client;
import io.ttsgateway.observability.TextHash;
import io.ttsgateway.routing.Routed;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/tts} and {@code POST /v1/tts/stream} (API.md §2). */
public class TtsHandler {

    private final JsonBodyReader reader;
    private final TtsRequestValidator validator;
    private final SynthesisService synthesis;

    TtsHandler(JsonBodyReader reader, TtsRequestValidator validator, SynthesisService synthesis) {
        this.reader = reader;
        this.validator = validator;
        this.synthesis = synthesis;
    }

    public Mono<ServerResponse> whole(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return reader.read(request).flatMap(body -> respondWhole(request, client, validated(request, client, body, false)));
    }

    public Mono<ServerResponse> stream(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return reader.read(request).flatMap(body -> respondStream(request, client, validated(request, client, body, true)));
    }

    /** The body (in the gateway's own shape), read and validated by the rules of POST /v1/tts. */
    public Mono<JsonNode> read(ServerRequest request) {
        return reader.read(request);
    }

    /**
     * Validates a body in the gateway's own shape and notes what the access log and metrics may know of it: never
     * the text, only its size and hash. Surfaces with other shapes translate into this one first.
     */
    public TtsRequest validated(ServerRequest request, Client client, JsonNode body, boolean streaming) {
        TtsRequest tts = validator.validate(body, streaming);
        GatewayExchange.TELEMETRY.require(request.exchange()).client(client.id()).text(tts.characters(), TextHash.sha256(tts.text()));
        return tts;
    }

    /** Whole audio with {@code Content-Length}, and the contract's headers. */
    public Mono<ServerResponse> respondWhole(ServerRequest request, Client client, TtsRequest tts) {
        return synthesis.whole(client, tts, GatewayExchange.requestId(request.exchange()))
                .flatMap(routed -> success(request, tts, routed)
                        .contentLength(routed.value().length)
                        .bodyValue(routed.value()));
    }

    /** Streamed audio, chunk by chunk as the provider sends it, and the contract's headers. */
    public Mono<ServerResponse> respondStream(ServerRequest request, Client client, TtsRequest tts) {
        return synthesis.stream(client, tts, GatewayExchange.requestId(request.exchange()))
                .flatMap(routed -> success(request, tts, routed).body(chunked(routed)));
    }

    private static ServerResponse.BodyBuilder success(ServerRequest request, TtsRequest tts, Routed<?> routed) {
        GatewayExchange.TELEMETRY.require(request.exchange()).routed(routed.provider(), routed.attempts());
        return ServerResponse.ok()
                .headers(h -> TtsHeaders.success(h, routed, tts.characters()))
                .contentType(MediaType.parseMediaType(tts.format().contentType()));
    }

    /**
     * Each provider chunk is written and flushed on its own, so the caller hears audio as it is made. An error after
     * the first chunk propagates to the server, which then breaks the connection instead of ending the chunked body
     * cleanly: a caller must never take a cut-off answer for a complete one.
     */
    static BodyInserter<Flux<DataBuffer>, ServerHttpResponse> chunked(Routed<Flux<DataBuffer>> routed) {
        return (response, context) -> response.writeAndFlushWith(routed.value().map(Mono::just));
    }
}
