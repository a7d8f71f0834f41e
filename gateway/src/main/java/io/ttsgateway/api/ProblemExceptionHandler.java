package io.ttsgateway.api;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A backstop for errors raised outside {@link ErrorAnswerFilter} (by the outermost edge filters): answered by the
 * same renderer, ordered before Spring Boot's own handler so no other error shape ever leaves the gateway.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    private final ProblemRenderer renderer;

    ProblemExceptionHandler(ProblemRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        return renderer.answer(exchange, error);
    }
}
