package io.ttsgateway.api;

import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a JSON request body under the contract's rules: JSON only (415), at most 64 KiB (413, checked against
 * {@code Content-Length} before reading and while reading), well-formed (400).
 */
final class JsonBodyReader {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private final ObjectMapper json;

    JsonBodyReader(ObjectMapper json) {
        this.json = json;
    }

    Mono<JsonNode> read(ServerRequest request) {
        MediaType type;
        try {
            type = request.headers().contentType().orElse(null);
        } catch (InvalidMediaTypeException malformed) {
            // A malformed header or an unknown charset is the caller's mistake, not the gateway's (API.md §10).
            return Mono.error(ApiProblem.of(
                    415, "unsupported-media-type", "the Content-Type header is not valid; send application/json"));
        }
        if (type == null || !isJson(type)) {
            return Mono.error(ApiProblem.of(
                    415, "unsupported-media-type", "the request body must be JSON (Content-Type: application/json)"));
        }
        if (request.headers().contentLength().orElse(0) > MAX_BODY_BYTES) {
            return Mono.error(tooLarge());
        }
        return DataBufferUtils.join(request.body((message, context) -> message.getBody()), MAX_BODY_BYTES)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
                .doOnSuccess(b -> GatewayExchange.BODY_READ.set(request.exchange(), Boolean.TRUE))
                .map(this::parse)
                .switchIfEmpty(Mono.error(() -> ApiProblem.invalid(
                        List.of(new ApiProblem.FieldError("body", "is empty; a JSON object is required")))));
    }

    private JsonNode parse(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiProblem.invalid(List.of(new ApiProblem.FieldError("body", "is not well-formed JSON")));
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
    }

    private static ApiProblem tooLarge() {
        return ApiProblem.of(413, "payload-too-large", "the request body is larger than 64 KiB");
    }
}
