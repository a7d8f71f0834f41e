package io.ttsgateway.api;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * One row of the route table: what the gateway answers, and everything the edge needs to know about it, so that no
 * other place matches path strings. The router matches the pattern (with every spelling it accepts, e.g.
 * {@code /v1/t%74s}); authentication, rate, concurrency, the metric tag and the error shape then follow from the
 * matched row.
 *
 * @param method the HTTP method
 * @param pattern the path pattern, in Spring's {@code PathPattern} syntax
 * @param endpoint the {@code endpoint} tag of metrics and the access log: a template, never a raw path
 * @param shape how errors on this route are written
 * @param credentials what the caller must present
 * @param synthesis whether this route synthesizes speech: counted against the rate and holding a concurrency slot
 *     (API.md §4), and recorded in the request metrics (§5)
 * @param handler what answers it
 */
public record Route(
        HttpMethod method,
        String pattern,
        String endpoint,
        ErrorShape shape,
        Credentials credentials,
        boolean synthesis,
        HandlerFunction<ServerResponse> handler) {

    /** What a caller presents to use a route (API.md §3). */
    public enum Credentials {
        /** Nothing: liveness and readiness. */
        NONE,
        /** A client key: {@code Authorization: Bearer} or {@code X-API-Key}. */
        KEY,
        /** A client key, also in ElevenLabs' own header {@code xi-api-key}. */
        ELEVENLABS_KEY,
        /** A stream token from {@code POST /v1/tts/tokens} in {@code ?token=} (browsers cannot set headers). */
        STREAM_TOKEN,
        /**
         * A WebSocket's (API.md §8): a client key in a header ({@code xi-api-key} too), an unbound stream token in
         * {@code ?token=}, or neither, when the first message must carry the key. What is presented must be valid.
         */
        KEY_TOKEN_OR_FIRST_MESSAGE
    }

    /** A speech route: authenticated, rate-limited, holding a concurrency slot, measured. */
    public static Route synthesis(
            HttpMethod method,
            String pattern,
            ErrorShape shape,
            Credentials credentials,
            HandlerFunction<ServerResponse> handler) {
        return new Route(method, pattern, pattern, shape, credentials, true, handler);
    }

    /** A route for an authenticated client that costs nothing against its limits. */
    public static Route client(HttpMethod method, String pattern, HandlerFunction<ServerResponse> handler) {
        return new Route(method, pattern, pattern, ErrorShape.PROBLEM, Credentials.KEY, false, handler);
    }

    /** A route anyone may call. */
    public static Route open(HttpMethod method, String pattern, HandlerFunction<ServerResponse> handler) {
        return new Route(method, pattern, pattern, ErrorShape.PROBLEM, Credentials.NONE, false, handler);
    }

    /** The same route under another metric tag, for two routes that share a pattern. */
    public Route taggedAs(String endpointTag) {
        return new Route(method, pattern, endpointTag, shape, credentials, synthesis, handler);
    }
}
