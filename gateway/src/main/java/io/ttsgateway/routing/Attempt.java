package io.ttsgateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One provider's part in a request: called or skipped, with its final outcome (API.md §2 {@code attempts}).
 *
 * @param provider provider name
 * @param outcome {@code ok}, {@code status:503}, {@code timeout}, {@code refused}, {@code reset}, {@code format}, …
 * @param tries calls made, 0 when skipped
 */
public record Attempt(String provider, String outcome, int tries) {

    public static final String OK = "ok";

    public static Attempt skipped(String provider, String reason) {
        return new Attempt(provider, reason, 0);
    }

    /** As it appears in problem bodies and log lines: {@code {"provider", "outcome", "tries"}}, in that order. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("provider", provider);
        map.put("outcome", outcome);
        map.put("tries", tries);
        return map;
    }

    public boolean called() {
        return tries > 0;
    }

    public boolean timedOut() {
        return "timeout".equals(outcome);
    }
}
