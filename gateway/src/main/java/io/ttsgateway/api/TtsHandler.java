package io.ttsgateway.api;

import io.ttsgateway.auth.Client;
import io.ttsgateway.observability.TextHash;
import io.ttsgateway.routing.Routed;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
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
    private final CanonicalJson canonical;

    private final TimedRenderer timed;

    TtsHandler(
            JsonBodyReader reader,
            TtsRequestValidator validator,
            SynthesisService synthesis,
            CanonicalJson canonical,
            TimedRenderer timed) {
        this.reader = reader;
        this.validator = validator;
        this.synthesis = synthesis;
        this.canonical = canonical;
        this.timed = timed;
    }

    public Mono<ServerResponse> whole(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return reader.read(request)
                .flatMap(body -> respondWhole(request, client, validated(request, client, body, false)));
    }

    public Mono<ServerResponse> stream(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return reader.read(request)
                .flatMap(body -> respondStream(request, client, validated(request, client, body, true)));
    }

    /** {@code POST /v1/tts/with-timestamps}: one JSON object (API.md §7). */
    public Mono<ServerResponse> wholeWithTimestamps(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return reader.read(request)
                .flatMap(body -> respondWholeWithTimestamps(
                        request, client, validatedWithTimestamps(request, client, body, false)));
    }

    /** {@code POST /v1/tts/stream/with-timestamps}: one JSON object per line, each flushed as made (API.md §7). */
    public Mono<ServerResponse> streamWithTimestamps(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return reader.read(request)
                .flatMap(body -> respondStreamWithTimestamps(
                        request, client, validatedWithTimestamps(request, client, body, true)));
    }

    /** As {@link #validated}, by the rules of the {@code …/with-timestamps} endpoints ({@code visemes} too). */
    public TtsRequest validatedWithTimestamps(ServerRequest request, Client client, JsonNode body, boolean streaming) {
        return noted(request, client, validator.validateWithTimestamps(body, streaming));
    }

    /** The audio with its alignment (and visemes) as one JSON object, with {@code Content-Length}. */
    public Mono<ServerResponse> respondWholeWithTimestamps(ServerRequest request, Client client, TtsRequest tts) {
        return synthesis.whole(caller(request, client), tts).flatMap(answer -> {
            byte[] body = timed.whole(tts, answer.routed().value());
            return success(request, tts, answer)
                    .contentType(MediaType.APPLICATION_JSON)
                    .contentLength(body.length)
                    .bodyValue(body);
        });
    }

    /** The audio with its alignment (and visemes), one JSON object per line as the provider's audio arrives. */
    public Mono<ServerResponse> respondStreamWithTimestamps(ServerRequest request, Client client, TtsRequest tts) {
        return synthesis.stream(caller(request, client), tts)
                .flatMap(answer -> success(request, tts, answer)
                        .contentType(MediaType.APPLICATION_NDJSON)
                        .body((response, context) -> response.writeAndFlushWith(
                                timed.lines(tts, answer.routed().value()).map(Mono::just))));
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
        return noted(request, client, validator.validate(body, streaming));
    }

    private static TtsRequest noted(ServerRequest request, Client client, TtsRequest tts) {
        GatewayExchange.TELEMETRY
                .require(request.exchange())
                .client(client.id())
                .text(tts.characters(), TextHash.sha256(tts.text()));
        return tts;
    }

    /**
     * A stream request validated as {@code POST /v1/tts/stream} would validate it, in canonical JSON, for a token
     * bound to it (API.md §2). Nothing is noted for the access log: issuing a token speaks nothing.
     *
     * @throws ApiProblem 400 {@code invalid-request} listing each field error, as the stream itself would
     */
    public String canonicalStreamRequest(JsonNode body) {
        TtsRequest valid = validator.validate(body, true);
        String written = canonical.write(valid);
        // What the token's holder will be given must be this very request: a value JSON cannot spell (1e999 in
        // voice_settings reads as infinity and is written as a string) would quietly become another one.
        if (!validator.validate(canonical.read(written), true).equals(valid)) {
            throw ApiProblem.invalid(List.of(new ApiProblem.FieldError(
                    "voice_settings", "holds a value a token cannot carry exactly, such as a number out of range")));
        }
        return written;
    }

    /** The body that canonical JSON from {@link #canonicalStreamRequest} stands for, to be validated again. */
    public JsonNode canonicalBody(String canonicalRequest) {
        return canonical.read(canonicalRequest);
    }

    /** Whole audio with {@code Content-Length}, and the contract's headers. */
    public Mono<ServerResponse> respondWhole(ServerRequest request, Client client, TtsRequest tts) {
        return synthesis
                .whole(caller(request, client), tts)
                .flatMap(answer -> success(request, tts, answer)
                        .contentLength(answer.routed().value().length)
                        .bodyValue(answer.routed().value()));
    }

    /** Streamed audio, chunk by chunk as the provider sends it, and the contract's headers. */
    public Mono<ServerResponse> respondStream(ServerRequest request, Client client, TtsRequest tts) {
        return synthesis.stream(caller(request, client), tts)
                .flatMap(answer -> success(request, tts, answer).body(chunked(answer.routed())));
    }

    private static SynthesisService.Caller caller(ServerRequest request, Client client) {
        return new SynthesisService.Caller(
                client,
                GatewayExchange.requestId(request.exchange()),
                action -> GatewayExchange.whenDone(request.exchange(), action),
                request.headers().header(HttpHeaders.CACHE_CONTROL));
    }

    private static ServerResponse.BodyBuilder success(
            ServerRequest request, TtsRequest tts, SynthesisService.Synthesized<?> answer) {
        Routed<?> routed = answer.routed();
        GatewayExchange.TELEMETRY
                .require(request.exchange())
                .routed(routed.provider(), routed.attempts())
                .cache(answer.cache().tag(), answer.charged());
        return ServerResponse.ok()
                .headers(h -> TtsHeaders.success(h, routed, answer.charged(), answer.cache()))
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
