package io.ttsgateway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * An error the gateway answers on purpose, with one of the contract's slugs (API.md §2 "Errors"). Thrown anywhere in
 * a request and rendered in one place, {@link ProblemRenderer}.
 */
public final class ApiProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final Map<String, Object> extras;
    private final HttpHeaders headers;

    private ApiProblem(int status, String slug, String detail, Map<String, Object> extras, HttpHeaders headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.extras = Map.copyOf(extras);
        this.headers = headers;
    }

    public static ApiProblem of(int status, String slug, String detail) {
        return new ApiProblem(status, slug, detail, Map.of(), new HttpHeaders());
    }

    /** The problem that answers {@code error}, as every error answer of the gateway is made. */
    public static ApiProblem from(Throwable error) {
        return ProblemMapper.toProblem(error);
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).message() : errors.size() + " fields are invalid";
        return of(400, "invalid-request", detail).with("errors", errors);
    }

    public static ApiProblem unauthenticated(String detail) {
        return of(401, "unauthenticated", detail).withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    public ApiProblem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extras);
        more.put(member, value);
        return new ApiProblem(status, slug, getMessage(), more, headers);
    }

    public ApiProblem withHeader(String name, String value) {
        HttpHeaders more = new HttpHeaders();
        more.addAll(headers);
        more.set(name, value);
        return new ApiProblem(status, slug, getMessage(), extras, more);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extras() {
        return extras;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /**
     * One invalid field of a request body.
     *
     * @param field the body member (or query parameter)
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {}
}
