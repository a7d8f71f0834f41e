package io.ttsgateway.observability;

import io.ttsgateway.api.ProblemExceptionHandler;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Records every {@code /v1/**} request once, when it has completely ended (last byte written, error answered, or
 * caller gone): the access-log line and the request metrics. Errors are answered here rather than further out, so
 * the record sees the status the caller got; an error after bytes went out stays an error (the connection breaks),
 * and is recorded as {@code aborted}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
public class RequestTelemetryFilter implements WebFilter {

    private final RequestRecorder recorder;
    private final ProblemExceptionHandler problems;

    public RequestTelemetryFilter(RequestRecorder recorder, ProblemExceptionHandler problems) {
        this.recorder = recorder;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/v1/")) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        Telemetry telemetry = new Telemetry();
        telemetry.endpoint = Endpoints.of(exchange.getRequest().getMethod(), path);
        exchange.getAttributes().put(Telemetry.ATTRIBUTE, telemetry);
        CountingResponse response = new CountingResponse(exchange.getResponse(), start);
        ServerWebExchange counted = exchange.mutate().response(response).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        return chain.filter(counted)
                .onErrorResume(error -> problems.handle(counted, error))
                .doOnError(failure::set)
                .doFinally(signal -> recorder.record(counted, telemetry, response, signal, failure.get(), start));
    }
}
