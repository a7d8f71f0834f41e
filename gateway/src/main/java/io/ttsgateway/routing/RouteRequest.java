package io.ttsgateway.routing;

import io.ttsgateway.provider.OutputFormat;
import java.util.Map;

/**
 * A validated synthesis request before a provider is chosen.
 *
 * @param text trimmed text
 * @param voice the app's {@code voice_id}, null for the default voice
 * @param format output format
 * @param requestId the gateway's request id
 * @param options pass-through body members
 * @param withTimestamps whether providers are asked for audio with its alignment (API.md §7)
 */
public record RouteRequest(
        String text,
        String voice,
        OutputFormat format,
        String requestId,
        Map<String, Object> options,
        boolean withTimestamps) {

    public RouteRequest {
        options = Map.copyOf(options);
    }

    /** Audio alone. */
    public RouteRequest(String text, String voice, OutputFormat format, String requestId, Map<String, Object> options) {
        this(text, voice, format, requestId, options, false);
    }

    /** What the request costs: Unicode code points of its text (API.md §4). */
    public long characters() {
        return text.codePointCount(0, text.length());
    }
}
