package io.ttsgateway.web;

import io.ttsgateway.api.GatewayExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs what was registered with {@link GatewayExchange#whenDone} once the exchange has ended in any way: the chain
 * completes when the last byte of a stream went out, errs when an answer broke, and is cancelled when the caller left.
 */
final class ExchangeEndFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).doFinally(signal -> GatewayExchange.end(exchange));
    }
}
