package io.ttsgateway.api;

import io.ttsgateway.routing.RoutingFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.ObjectMapper;

/**
 * The one place that writes error answers: problem+json (API.md §2 "Errors"), or the shape of the surface the matched
 * route belongs to. Errors from handlers and from the route filter alike arrive here.
 */
public final class ProblemRenderer {

    public static final MediaType PROBLEM_JSON = MediaType.parseMediaType("application/problem+json");

    private static final Logger log = LoggerFactory.getLogger(ProblemRenderer.class);

    private final ObjectMapper json;

    public ProblemRenderer(ObjectMapper json) {
        this.json = json;
    }

    /** Answers {@code error}; once audio went out, the only honest signal left is the broken connection. */
    public Mono<Void> answer(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ApiProblem problem = ProblemMapper.toProblem(error);
        GatewayExchange.TELEMETRY.get(exchange).ifPresent(telemetry -> {
            telemetry.problem(problem.slug());
            if (error instanceof RoutingFailure routing) {
                telemetry.attempts(routing.attempts());
            }
        });
        if (problem.status() == 500) {
            log.error("unexpected error, request {}", GatewayExchange.requestId(exchange), error);
        }
        if (answeredByServer(exchange.getResponse())) {
            // The HTTP server could not decode the rest of the request (a broken chunked body, say) and has already
            // answered 400 and is closing the connection: a second answer can only fail. The status is still noted,
            // so the access log says what the caller got; committing it to a sent response can only fail, quietly.
            exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
            return exchange.getResponse().setComplete().onErrorComplete();
        }
        exchange.getResponse().getHeaders().remove(TtsHeaders.PROVIDER);
        return settleRequestBody(exchange, problem).then(render(exchange, problem));
    }

    private Mono<Void> render(ServerWebExchange exchange, ApiProblem problem) {
        ErrorShape shape = GatewayExchange.ROUTE.get(exchange).map(Route::shape).orElse(ErrorShape.PROBLEM);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(shape.status(problem)));
        response.getHeaders().setContentType(shape == ErrorShape.PROBLEM ? PROBLEM_JSON : MediaType.APPLICATION_JSON);
        response.getHeaders().addAll(problem.headers());
        byte[] bytes = json.writeValueAsBytes(shape.body(problem, GatewayExchange.requestId(exchange)));
        response.getHeaders().setContentLength(bytes.length);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    private static boolean answeredByServer(ServerHttpResponse response) {
        try {
            return ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse server
                    && server.hasSentHeaders();
        } catch (IllegalArgumentException notReactorNetty) {
            return false;
        }
    }

    /**
     * A request refused before its body was read (no key, rate limit, wrong type) still has that body on the
     * connection: left there, the next request on the kept-alive connection would wait behind it until a timeout,
     * and closing at once would reset the connection under the answer. So the body is read and dropped first, up to
     * the 64 KiB the API accepts; a larger one closes the connection after the answer.
     */
    private static Mono<Void> settleRequestBody(ServerWebExchange exchange, ApiProblem problem) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long length = headers.getContentLength();
        boolean hasBody = length > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
        if (!hasBody || GatewayExchange.BODY_READ.get(exchange).isPresent()) {
            return Mono.empty();
        }
        if ("close".equalsIgnoreCase(problem.headers().getFirst(HttpHeaders.CONNECTION))) {
            // The answer closes the connection anyway (a body that came too slowly): nothing to wait for.
            return Mono.empty();
        }
        if (length > JsonBodyReader.MAX_BODY_BYTES) {
            exchange.getResponse().getHeaders().setConnection("close");
            return Mono.empty();
        }
        return exchange.getRequest()
                .getBody()
                .doOnNext(DataBufferUtils::release)
                .then()
                .timeout(Duration.ofSeconds(2))
                .onErrorResume(e -> {
                    exchange.getResponse().getHeaders().setConnection("close");
                    return Mono.empty();
                });
    }

    static Map<String, Object> body(ApiProblem problem, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "/problems/" + problem.slug());
        body.put("title", ProblemMapper.title(problem.slug()));
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("request_id", requestId);
        body.putAll(problem.extras());
        return body;
    }
}
