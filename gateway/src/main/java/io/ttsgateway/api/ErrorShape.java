package io.ttsgateway.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an error is written for the surface the caller used (API.md §2): RFC 9457 problem+json on the gateway's own
 * API, ElevenLabs' {@code {"detail": {...}}} on the ElevenLabs-compatible paths, OpenAI's {@code {"error": {...}}}
 * on the OpenAI-compatible path, so each official SDK understands the errors it gets. Each route names its
 * shape ({@link Route#shape}). Pure.
 */
public enum ErrorShape {
    PROBLEM,
    ELEVENLABS,
    OPENAI;

    /**
     * The status to answer with. ElevenLabs answers an exhausted quota with 401 {@code quota_exceeded}; a 429 would
     * make its SDKs retry a request that cannot succeed.
     */
    public int status(ApiProblem problem) {
        return this == ELEVENLABS && problem.slug().equals("budget-exhausted") ? 401 : problem.status();
    }

    public Map<String, Object> body(ApiProblem problem, String requestId) {
        return switch (this) {
            case PROBLEM -> ProblemRenderer.body(problem, requestId);
            case ELEVENLABS -> {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("status", problem.slug().equals("budget-exhausted") ? "quota_exceeded" : problem.slug());
                detail.put("message", problem.detail());
                detail.put("request_id", requestId);
                problem.extras().forEach(detail::putIfAbsent);
                yield Map.of("detail", detail);
            }
            case OPENAI -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("message", problem.detail());
                error.put("type", openAiType(problem.status()));
                error.put("code", problem.slug());
                error.put("request_id", requestId);
                yield Map.of("error", error);
            }
        };
    }

    private static String openAiType(int status) {
        if (status == 401 || status == 403) {
            return "authentication_error";
        }
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
