package io.ttsgateway.compat;

import io.ttsgateway.api.ApiProblem;
import io.ttsgateway.api.ApiProblem.FieldError;
import io.ttsgateway.api.TtsHandler;
import io.ttsgateway.auth.Client;
import io.ttsgateway.api.GatewayExchange;
import io.ttsgateway.auth.StreamTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Speech for browsers (API.md §2): {@code POST /v1/tts/tokens} issues a short-lived token to a client that holds a
 * key; {@code GET /v1/tts/stream?token=…&text=…} streams audio an {@code <audio src>} can play, with the same
 * pipeline, limits and budgets as {@code POST /v1/tts/stream}.
 */
final class BrowserSurface {

    private static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    private static final List<String> PASSED = List.of("text", "voice_id", "output_format", "model_id", "language_code");

    private final TtsHandler tts;
    private final StreamTokens tokens;

    BrowserSurface(TtsHandler tts, StreamTokens tokens) {
        this.tts = tts;
        this.tokens = tokens;
    }

    Mono<ServerResponse> issueToken(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return tts.read(request)
                .map(BrowserSurface::ttl)
                .map(ttl -> tokens.issue(client.id(), ttl))
                .flatMap(issued -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("token", issued.token(), "expires_at", issued.expiresAt().toString())));
    }

    Mono<ServerResponse> stream(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String name : PASSED) {
            request.queryParam(name).ifPresent(value -> body.put(name, value));
        }
        return Mono.fromCallable(() -> tts.validated(request, client, body, true))
                .flatMap(valid -> tts.respondStream(request, client, valid));
    }

    /** {@code ttl_seconds} from 1 to 300, 60 when the body leaves it out. */
    static Duration ttl(JsonNode body) {
        JsonNode ttl = body.path("ttl_seconds");
        if (ttl.isMissingNode() || ttl.isNull()) {
            return DEFAULT_TTL;
        }
        // canConvertToLong first: asLong() throws on an integer past the long range, a caller's mistake, not ours.
        if (ttl.isIntegralNumber() && ttl.canConvertToLong() && ttl.asLong() >= StreamTokens.MIN_TTL.toSeconds()
                && ttl.asLong() <= StreamTokens.MAX_TTL.toSeconds()) {
            return Duration.ofSeconds(ttl.asLong());
        }
        throw ApiProblem.invalid(List.of(new FieldError("ttl_seconds", "must be an integer from 1 to 300")));
    }
}
