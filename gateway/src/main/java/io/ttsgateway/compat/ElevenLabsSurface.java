package io.ttsgateway.compat;

import io.ttsgateway.api.GatewayExchange;
import io.ttsgateway.api.TtsHandler;
import io.ttsgateway.auth.Client;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ElevenLabs' own paths (API.md §2 "ElevenLabs-compatible surface"): {@code POST /v1/text-to-speech/{voice_id}} and
 * its {@code /stream}, the voice in the path, {@code output_format} as a query parameter, the key in
 * {@code xi-api-key}. A thin adapter: the body is ElevenLabs' own, which is the gateway's shape already; the voice and
 * format are moved in and the request goes down the same pipeline as {@code POST /v1/tts}.
 */
final class ElevenLabsSurface {

    private final TtsHandler tts;

    ElevenLabsSurface(TtsHandler tts) {
        this.tts = tts;
    }

    Mono<ServerResponse> convert(ServerRequest request) {
        return handle(request, false, false);
    }

    Mono<ServerResponse> stream(ServerRequest request) {
        return handle(request, true, false);
    }

    /** {@code POST /v1/text-to-speech/{voice_id}/with-timestamps}: ElevenLabs' JSON (API.md §7). */
    Mono<ServerResponse> convertWithTimestamps(ServerRequest request) {
        return handle(request, false, true);
    }

    /** {@code POST /v1/text-to-speech/{voice_id}/stream/with-timestamps}: ElevenLabs' lines (API.md §7). */
    Mono<ServerResponse> streamWithTimestamps(ServerRequest request) {
        return handle(request, true, true);
    }

    /**
     * @param timed the {@code …/with-timestamps} paths: visemes are the gateway's own addition there, asked for with
     *     {@code ?visemes=oculus}, as the SDK sends no such field
     */
    private Mono<ServerResponse> handle(ServerRequest request, boolean streaming, boolean timed) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return tts.read(request).flatMap(body -> {
            JsonNode ownShape = withPathAndQuery(
                    body,
                    request.pathVariable("voice_id"),
                    request.queryParam("output_format").orElse(null));
            if (!timed) {
                var valid = tts.validated(request, client, ownShape, streaming);
                return streaming ? tts.respondStream(request, client, valid) : tts.respondWhole(request, client, valid);
            }
            if (ownShape instanceof ObjectNode object) {
                request.queryParam("visemes").ifPresent(visemes -> object.put("visemes", visemes));
            }
            var valid = tts.validatedWithTimestamps(request, client, ownShape, streaming);
            return streaming
                    ? tts.respondStreamWithTimestamps(request, client, valid)
                    : tts.respondWholeWithTimestamps(request, client, valid);
        });
    }

    /** The path's voice and the query's format win over anything in the body, as at ElevenLabs. */
    static JsonNode withPathAndQuery(JsonNode body, String voiceId, String outputFormat) {
        if (!(body instanceof ObjectNode object)) {
            return body;
        }
        ObjectNode merged = object.deepCopy();
        merged.put("voice_id", voiceId);
        if (outputFormat != null) {
            merged.put("output_format", outputFormat);
        }
        return merged;
    }
}
