package io.ttsgateway.api;

import io.ttsgateway.auth.AuthenticationFailure;
import io.ttsgateway.limits.LimitExceeded;
import io.ttsgateway.limits.StoreAnswerUnusable;
import io.ttsgateway.routing.Attempt;
import io.ttsgateway.routing.RoutingFailure;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/** Which problem answers which error: pure, so each mapping is a unit test. */
final class ProblemMapper {

    /** Seconds a caller should wait when no provider could be called at all. */
    static final int NO_PROVIDER_RETRY_AFTER = 5;

    private ProblemMapper() {}

    static ApiProblem toProblem(Throwable error) {
        if (error instanceof ApiProblem problem) {
            return problem;
        }
        if (error instanceof AuthenticationFailure unauthenticated) {
            return ApiProblem.unauthenticated(unauthenticated.getMessage());
        }
        if (error instanceof LimitExceeded limit) {
            return ApiProblem.of(429, limit.slug(), limit.getMessage())
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(limit.retryAfterSeconds()));
        }
        if (error instanceof StoreAnswerUnusable) {
            return ApiProblem.of(
                            503,
                            "limits-unavailable",
                            "the gateway could not check this client's limits; "
                                    + "the request id identifies the log line")
                    .withHeader(HttpHeaders.RETRY_AFTER, Integer.toString(NO_PROVIDER_RETRY_AFTER));
        }
        if (error instanceof RoutingFailure.Rejected rejected) {
            return ApiProblem.of(
                            422,
                            "upstream-rejected",
                            rejected.getMessage().isBlank()
                                    ? rejected.provider() + " rejected the request (HTTP " + rejected.upstreamStatus()
                                            + ")"
                                    : rejected.getMessage())
                    .with("provider", rejected.provider())
                    .with("upstream_status", rejected.upstreamStatus())
                    .with("attempts", attempts(rejected.attempts()));
        }
        if (error instanceof RoutingFailure.Exhausted exhausted) {
            List<Map<String, Object>> attempts = attempts(exhausted.attempts());
            return switch (exhausted.kind()) {
                case NONE_AVAILABLE ->
                    ApiProblem.of(
                                    503,
                                    "no-provider-available",
                                    "no provider could be called: " + summary(exhausted.attempts()))
                            .with("attempts", attempts)
                            .withHeader(HttpHeaders.RETRY_AFTER, Integer.toString(NO_PROVIDER_RETRY_AFTER));
                case TIMEOUT ->
                    ApiProblem.of(
                                    504,
                                    "upstream-timeout",
                                    "the last provider called timed out: " + summary(exhausted.attempts()))
                            .with("attempts", attempts);
                case FAILED ->
                    ApiProblem.of(
                                    502,
                                    "upstream-failed",
                                    "every provider called failed: " + summary(exhausted.attempts()))
                            .with("attempts", attempts);
            };
        }
        if (error instanceof DataBufferLimitException) {
            return ApiProblem.of(413, "payload-too-large", "the request body is larger than 64 KiB");
        }
        if (error instanceof UnsupportedMediaTypeStatusException || error instanceof InvalidMediaTypeException) {
            return ApiProblem.of(415, "unsupported-media-type", "the request body must be application/json");
        }
        if (error instanceof MethodNotAllowedException e) {
            return ApiProblem.of(405, "method-not-allowed", "method " + e.getHttpMethod() + " is not allowed here");
        }
        if (error instanceof ServerWebInputException) {
            return ApiProblem.of(400, "invalid-request", "the request could not be read");
        }
        if (error instanceof ResponseStatusException e) {
            int status = e.getStatusCode().value();
            return status == 404
                    ? ApiProblem.of(404, "not-found", "no such endpoint")
                    : ApiProblem.of(status, "http-" + status, e.getReason() == null ? "request failed" : e.getReason());
        }
        return ApiProblem.of(
                500, "internal-error", "the gateway failed unexpectedly; the request id identifies the log line");
    }

    static List<Map<String, Object>> attempts(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::asMap).toList();
    }

    private static String summary(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return "no provider is configured";
        }
        return String.join(
                ", ",
                attempts.stream().map(a -> a.provider() + " " + a.outcome()).toList());
    }

    static String title(String slug) {
        return switch (slug) {
            case "invalid-request" -> "Invalid request";
            case "unauthenticated" -> "Unauthenticated";
            case "forbidden" -> "Forbidden";
            case "payload-too-large" -> "Payload too large";
            case "unsupported-media-type" -> "Unsupported media type";
            case "upstream-rejected" -> "Rejected by the provider";
            case "rate-limited" -> "Rate limited";
            case "budget-exhausted" -> "Character budget exhausted";
            case "too-many-streams" -> "Too many concurrent requests";
            case "upstream-failed" -> "Every provider failed";
            case "no-provider-available" -> "No provider available";
            case "upstream-timeout" -> "Provider timed out";
            case "limits-unavailable" -> "Limits could not be checked";
            case "request-timeout" -> "Request body too slow";
            case "not-found" -> "Not found";
            case "method-not-allowed" -> "Method not allowed";
            default -> "Error";
        };
    }
}
