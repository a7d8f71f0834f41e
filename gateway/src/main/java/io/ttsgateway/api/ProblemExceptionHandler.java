package io.ttsgateway.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Renders every error that reaches the web layer, from handlers and filters alike, as problem+json. Ordered before
 * Spring Boot's own handler so no other error shape ever leaves the gateway.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemRenderer renderer;

    ProblemExceptionHandler(ProblemRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            // Audio already went out: the only honest signal left is to break the connection.
            return Mono.error(error);
        }
        ApiProblem problem = ProblemMapper.toProblem(error);
        if (problem.status() == 500) {
            log.error("unexpected error, request {}", RequestIdFilter.of(exchange), error);
        }
        exchange.getResponse().getHeaders().remove("X-TTS-Provider");
        return renderer.render(exchange, problem);
    }
}
