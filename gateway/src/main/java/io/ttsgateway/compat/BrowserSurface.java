package io.ttsgateway.compat;

import io.ttsgateway.api.ApiProblem;
import io.ttsgateway.api.ApiProblem.FieldError;
import io.ttsgateway.api.GatewayExchange;
import io.ttsgateway.api.TtsHandler;
import io.ttsgateway.auth.Client;
import io.ttsgateway.auth.StreamGrant;
import io.ttsgateway.auth.StreamTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Speech for browsers (API.md §2): {@code POST /v1/tts/tokens} issues a short-lived token to a client that holds a
 * key, bound to the request its body carries; {@code GET /v1/tts/stream?token=…} streams that request's audio to an
 * {@code <audio src>}, with the same pipeline, limits and budgets as {@code POST /v1/tts/stream}. The spoken text
 * travels in the token's POST body and, sealed, in the token: never readable in a URL.
 */
final class BrowserSurface {

    private static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    private static final String TOKEN = "token";
    private static final String TTL = "ttl_seconds";
    /** What a token issued without a request takes from the query: the string members of the stream body. */
    private static final List<String> PASSED = List.of(
            "text",
            "voice_id",
            "output_format",
            "model_id",
            "language_code",
            "previous_text",
            "next_text",
            "apply_text_normalization");

    private static final Pattern SEED = Pattern.compile("\\d{1,10}");

    private final TtsHandler tts;
    private final StreamTokens tokens;

    BrowserSurface(TtsHandler tts, StreamTokens tokens) {
        this.tts = tts;
        this.tokens = tokens;
    }

    /**
     * A body with nothing but {@code ttl_seconds} gets a token that takes its request from the query (legacy); any
     * other member makes it a request, validated as the stream validates it, and the token is bound to it.
     */
    Mono<ServerResponse> issueToken(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        return tts.read(request)
                .map(body -> issue(client, body))
                .flatMap(issued -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of(
                                "token",
                                issued.token(),
                                "expires_at",
                                issued.expiresAt().toString())));
    }

    Mono<ServerResponse> stream(ServerRequest request) {
        Client client = GatewayExchange.CLIENT.require(request.exchange());
        StreamGrant grant = GatewayExchange.STREAM_GRANT.require(request.exchange());
        return Mono.fromCallable(() -> tts.validated(request, client, body(grant, request.queryParams()), true))
                .flatMap(valid -> tts.respondStream(request, client, valid));
    }

    private StreamTokens.Issued issue(Client client, JsonNode body) {
        if (!body.isObject()) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        Duration ttl = ttl(body);
        if (!hasRequest(body)) {
            return tokens.issue(client.id(), ttl);
        }
        String canonical = tts.canonicalStreamRequest(body);
        return tokens.issue(client.id(), ttl, canonical)
                .orElseThrow(() -> ApiProblem.invalid(List.of(new FieldError(
                        "body",
                        "is too long for a stream token, whose URL must stay under 8 KiB even after compression; "
                                + "send it to POST /v1/tts/stream instead"))));
    }

    /** The stream body: the request the token is bound to, else the query's members (legacy). */
    private JsonNode body(StreamGrant grant, MultiValueMap<String, String> query) {
        return grant.boundRequest().map(bound -> boundBody(bound, query)).orElseGet(() -> queryBody(query));
    }

    /** The token must then be the only query parameter, so that a leaked URL cannot be pointed at other words. */
    private JsonNode boundBody(String bound, MultiValueMap<String, String> query) {
        List<FieldError> extra = query.keySet().stream()
                .filter(name -> !TOKEN.equals(name))
                .sorted()
                .map(name -> new FieldError(
                        name,
                        "is not allowed: this token is bound to the request it was issued " + "for; send only ?token="))
                .toList();
        if (!extra.isEmpty()) {
            throw ApiProblem.invalid(extra);
        }
        if (query.get(TOKEN).size() != 1) {
            throw ApiProblem.invalid(List.of(new FieldError(TOKEN, "must be given once")));
        }
        return tts.canonicalBody(bound);
    }

    private static JsonNode queryBody(MultiValueMap<String, String> query) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String name : PASSED) {
            Optional.ofNullable(query.getFirst(name)).ifPresent(value -> body.put(name, value));
        }
        // The integer it spells (the validator's range fits in ten digits), else a string the validator reports.
        Optional.ofNullable(query.getFirst("seed"))
                .ifPresent(seed -> body.set(
                        "seed",
                        SEED.matcher(seed).matches()
                                ? JsonNodeFactory.instance.numberNode(Long.parseLong(seed))
                                : JsonNodeFactory.instance.stringNode(seed)));
        return body;
    }

    private static boolean hasRequest(JsonNode body) {
        return body.propertyNames().stream().anyMatch(name -> !TTL.equals(name));
    }

    /** {@code ttl_seconds} from 1 to 300, 60 when the body leaves it out. */
    static Duration ttl(JsonNode body) {
        JsonNode ttl = body.path(TTL);
        if (ttl.isMissingNode() || ttl.isNull()) {
            return DEFAULT_TTL;
        }
        // canConvertToLong first: asLong() throws on an integer past the long range, a caller's mistake, not ours.
        if (ttl.isIntegralNumber()
                && ttl.canConvertToLong()
                && ttl.asLong() >= StreamTokens.MIN_TTL.toSeconds()
                && ttl.asLong() <= StreamTokens.MAX_TTL.toSeconds()) {
            return Duration.ofSeconds(ttl.asLong());
        }
        throw ApiProblem.invalid(List.of(new FieldError(TTL, "must be an integer from 1 to 300")));
    }
}
