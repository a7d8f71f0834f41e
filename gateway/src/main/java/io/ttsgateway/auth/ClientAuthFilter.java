package io.ttsgateway.auth;

import io.ttsgateway.api.ApiProblem;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every {@code /v1/**} request needs a client key (API.md §3): {@code Authorization: Bearer <key>} or
 * {@code X-API-Key}. The authenticated {@link Client} is left on the exchange for handlers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class ClientAuthFilter implements WebFilter {

    public static final String ATTRIBUTE = ClientAuthFilter.class.getName() + ".client";

    /** Query parameters that would carry a client key: refused outright, a key never belongs in a URL. */
    private static final java.util.List<String> KEY_PARAMETERS = java.util.List.of("key", "api_key", "apikey",
            "xi-api-key", "xi_api_key", "access_token");

    private final ClientRegistry registry;
    private final StreamTokens tokens;

    public ClientAuthFilter(ClientRegistry registry, StreamTokens tokens) {
        this.registry = registry;
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!(path.equals("/v1") || path.startsWith("/v1/")) || request.getMethod() == HttpMethod.OPTIONS) {
            return chain.filter(exchange);
        }
        if (KEY_PARAMETERS.stream().anyMatch(request.getQueryParams()::containsKey)) {
            return Mono.error(ApiProblem.unauthenticated(
                    "client keys are never accepted in a URL; use a header, or a stream token from POST /v1/tts/tokens"));
        }
        if (request.getMethod() == HttpMethod.GET && path.equals("/v1/tts/stream")) {
            return withToken(exchange, chain, request.getQueryParams().getFirst("token"));
        }
        Optional<String> key = presentedKey(request.getHeaders(), path.startsWith("/v1/text-to-speech/"));
        if (key.isEmpty()) {
            return Mono.error(ApiProblem.unauthenticated(
                    "a client key is required: Authorization: Bearer <key> or X-API-Key: <key>"));
        }
        Optional<Client> client = registry.authenticate(key.get());
        if (client.isEmpty()) {
            return Mono.error(ApiProblem.unauthenticated("the client key is not known"));
        }
        exchange.getAttributes().put(ATTRIBUTE, client.get());
        return chain.filter(exchange);
    }

    /** Browser streams carry a stream token instead of a key (API.md §2). */
    private Mono<Void> withToken(ServerWebExchange exchange, WebFilterChain chain, String token) {
        Optional<Client> client = tokens.verify(token).flatMap(registry::byId);
        if (client.isEmpty()) {
            return Mono.error(ApiProblem.unauthenticated(token == null
                    ? "a stream token is required: ?token= from POST /v1/tts/tokens"
                    : "the stream token is not valid or has expired"));
        }
        exchange.getAttributes().put(ATTRIBUTE, client.get());
        return chain.filter(exchange);
    }

    /** @param elevenLabsSurface whether ElevenLabs' own header, {@code xi-api-key}, is accepted too */
    static Optional<String> presentedKey(HttpHeaders headers, boolean elevenLabsSurface) {
        if (elevenLabsSurface) {
            String xi = headers.getFirst("xi-api-key");
            if (xi != null && !xi.isBlank()) {
                return Optional.of(xi.trim());
            }
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            if (!key.isEmpty()) {
                return Optional.of(key);
            }
        }
        String apiKey = headers.getFirst("X-API-Key");
        return apiKey == null || apiKey.isBlank() ? Optional.empty() : Optional.of(apiKey.trim());
    }

    public static Client of(ServerWebExchange exchange) {
        Client client = exchange.getAttribute(ATTRIBUTE);
        if (client == null) {
            throw new IllegalStateException("no authenticated client on this exchange");
        }
        return client;
    }
}
