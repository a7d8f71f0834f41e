package io.ttsgateway.api;

import java.time.Duration;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
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

    /**
     * {@code TTS_BODY_READ_TIMEOUT} (API.md §10), counted from when the gateway starts reading the body: a caller that
     * sends its body slowly loses its connection, and with it the concurrency slot it held. Counted here rather than
     * from the request's start, because the gateway itself reads a body only once the rate and concurrency checks
     * passed, and a caller must not be cut off for time the gateway spent.
     */
    private final Duration bodyReadTimeout;

    JsonBodyReader(ObjectMapper json, Duration bodyReadTimeout) {
        this.json = json;
        this.bodyReadTimeout = bodyReadTimeout;
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
                .timeout(
                        bodyReadTimeout,
                        Mono.error(() -> ApiProblem.of(
                                        408,
                                        "request-timeout",
                                        "the request body did not arrive within " + bodyReadTimeout.toSeconds() + " s")
                                .withHeader(HttpHeaders.CONNECTION, "close")))
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
