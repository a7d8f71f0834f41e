package io.ttsgateway.api;

import io.ttsgateway.observability.Telemetry;
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
public class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemRenderer renderer;

    public ProblemExceptionHandler(ProblemRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            // Audio already went out: the only honest signal left is to break the connection.
            return Mono.error(error);
        }
        ApiProblem problem = ProblemMapper.toProblem(error);
        Telemetry telemetry = Telemetry.of(exchange).problem(problem.slug());
        if (error instanceof io.ttsgateway.routing.RoutingFailure routing) {
            telemetry.attempts(routing.attempts());
        }
        if (problem.status() == 500) {
            log.error("unexpected error, request {}", RequestIdFilter.of(exchange), error);
        }
        exchange.getResponse().getHeaders().remove("X-TTS-Provider");
        return settleRequestBody(exchange).then(renderer.render(exchange, problem));
    }

    /**
     * A request refused before its body was read (no key, rate limit, wrong type) still has that body on the
     * connection: left there, the next request on the kept-alive connection would wait behind it until a timeout,
     * and closing at once would reset the connection under the answer. So the body is read and dropped first, up to
     * the 64 KiB the API accepts; a larger one closes the connection after the answer.
     */
    static Mono<Void> settleRequestBody(ServerWebExchange exchange) {
        var headers = exchange.getRequest().getHeaders();
        long length = headers.getContentLength();
        boolean hasBody = length > 0 || headers.containsHeader("Transfer-Encoding");
        if (!hasBody || exchange.getAttribute(JsonBodyReader.BODY_READ) != null) {
            return Mono.empty();
        }
        if (length > JsonBodyReader.MAX_BODY_BYTES) {
            exchange.getResponse().getHeaders().setConnection("close");
            return Mono.empty();
        }
        return exchange.getRequest().getBody()
                .doOnNext(org.springframework.core.io.buffer.DataBufferUtils::release)
                .then()
                .timeout(java.time.Duration.ofSeconds(2))
                .onErrorResume(e -> {
                    exchange.getResponse().getHeaders().setConnection("close");
                    return Mono.empty();
                });
    }
}
