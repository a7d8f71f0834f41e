package io.ttsgateway.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/** The one place that writes error answers: problem+json, or the shape of the surface the caller used. */
@Component
public class ProblemRenderer {

    public static final MediaType PROBLEM_JSON = MediaType.parseMediaType("application/problem+json");

    private final ObjectMapper json;

    public ProblemRenderer(ObjectMapper json) {
        this.json = json;
    }

    public Mono<Void> render(ServerWebExchange exchange, ApiProblem problem) {
        ErrorShape shape = ErrorShape.of(exchange.getRequest().getPath().pathWithinApplication().value());
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(shape.status(problem)));
        response.getHeaders().setContentType(shape == ErrorShape.PROBLEM ? PROBLEM_JSON : MediaType.APPLICATION_JSON);
        response.getHeaders().addAll(problem.headers());
        byte[] bytes = json.writeValueAsBytes(shape.body(problem, RequestIdFilter.of(exchange)));
        response.getHeaders().setContentLength(bytes.length);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
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
