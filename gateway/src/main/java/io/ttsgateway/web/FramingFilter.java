package io.ttsgateway.web;

import io.ttsgateway.api.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers a request whose framing {@link FramingGuard} refused: 400 problem+json, and the connection closed after it
 * (API.md §10, RFC 9112 §6.1). The guard has already taken the body away, so nothing of it is read.
 */
final class FramingFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getHeaders().containsHeader(FramingGuard.REFUSED)) {
            return Mono.error(ApiProblem.of(
                            400,
                            "invalid-request",
                            "the request's length is ambiguous: Transfer-Encoding must be exactly 'chunked', once, "
                                    + "and never together with Content-Length")
                    .withHeader(HttpHeaders.CONNECTION, "close"));
        }
        return chain.filter(exchange);
    }
}
