package io.ttsgateway.web;

import io.ttsgateway.api.GatewayExchange;
import io.ttsgateway.api.Route;
import io.ttsgateway.observability.CountingResponse;
import io.ttsgateway.observability.RequestRecorder;
import io.ttsgateway.observability.Telemetry;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Observes every request once it has completely ended (last byte written, error answered, or caller gone) and hands
 * it to the recorder: one access-log line for each API request, and the request metrics for synthesis routes. It
 * only observes; errors are answered just inside it, so the record sees the status the caller got.
 */
final class TelemetryFilter implements WebFilter {

    private final RequestRecorder recorder;

    TelemetryFilter(RequestRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        Telemetry telemetry = new Telemetry(
                GatewayExchange.requestId(exchange),
                exchange.getRequest().getMethod().name());
        GatewayExchange.TELEMETRY.set(exchange, telemetry);
        CountingResponse response = new CountingResponse(exchange.getResponse(), start);
        ServerWebExchange counted = exchange.mutate().response(response).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        return chain.filter(counted).doOnError(failure::set).doFinally(signal -> {
            if (logged(counted) && !telemetry.isUpgraded()) {
                recorder.record(telemetry, status(counted), response, signal, failure.get(), start);
            }
        });
    }

    /**
     * The API's requests are logged: every route that needs credentials, and whatever reached no route under
     * {@code /v1/} (probes and mistakes are worth seeing). Liveness, readiness and the page are not.
     */
    private static boolean logged(ServerWebExchange exchange) {
        return GatewayExchange.ROUTE
                .get(exchange)
                .map(route -> route.credentials() != Route.Credentials.NONE)
                .orElseGet(() -> exchange.getRequest().getURI().getRawPath().startsWith("/v1/"));
    }

    private static int status(ServerWebExchange exchange) {
        HttpStatusCode code = exchange.getResponse().getStatusCode();
        return code == null ? 200 : code.value();
    }
}
