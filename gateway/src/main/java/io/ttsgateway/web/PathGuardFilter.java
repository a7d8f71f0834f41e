package io.ttsgateway.web;

import io.ttsgateway.api.ApiProblem;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, with 400, the path spellings that could reach a route under another name than its own (API.md §10):
 * {@code ;} parameters, an encoded {@code /} or {@code \}, {@code .} and {@code ..} segments, empty segments
 * ({@code //}), and broken percent-encoding. What is left is matched by the router, so any spelling it accepts
 * ({@code /v1/t%74s}) lands on a route and gets that route's credentials and limits.
 */
final class PathGuardFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        if (!PathSpelling.isCanonical(rawPath)) {
            return Mono.error(ApiProblem.of(
                    400,
                    "invalid-request",
                    "the path is not in canonical form: no ';', encoded '/' or '\\', '.' or '..' segments, or '//'"));
        }
        return chain.filter(exchange);
    }
}
