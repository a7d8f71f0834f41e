package io.ttsgateway.api;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers every error raised further in (path checks, the route filter, handlers) through {@link ProblemRenderer}.
 * It sits inside the telemetry filter, so the access log and metrics see the status the caller got; an error after
 * bytes went out stays an error, and the server breaks the connection.
 */
public final class ErrorAnswerFilter implements WebFilter {

    private final ProblemRenderer renderer;

    public ErrorAnswerFilter(ProblemRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).onErrorResume(error -> renderer.answer(exchange, error));
    }
}
