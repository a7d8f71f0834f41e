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
 */
public record RouteRequest(String text, String voice, OutputFormat format, String requestId, Map<String, Object> options) {

    public RouteRequest {
        options = Map.copyOf(options);
    }
}
