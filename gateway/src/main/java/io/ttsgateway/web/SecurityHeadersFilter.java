package io.ttsgateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Headers that keep a browser from misreading or embedding what the gateway sends (API.md §10), set before anything
 * else writes, so every answer has them, errors included. One policy for all answers: the page at {@code /} loads
 * only its own script and style (no inline script), talks only to the gateway, plays streams through {@code blob:}
 * URLs (Media Source Extensions), and may not be framed; the API's JSON and audio are not affected by it.
 */
final class SecurityHeadersFilter implements WebFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; media-src 'self' blob:; img-src 'self' data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        return chain.filter(exchange);
    }
}
