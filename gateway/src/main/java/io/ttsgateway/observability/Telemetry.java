package io.ttsgateway.observability;

import io.ttsgateway.routing.Attempt;
import java.util.List;

/**
 * What one request did, gathered while it runs and recorded once when it ends: one access-log line and the request
 * metrics (API.md §5). The edge starts it; the route filter adds the route and the client; handlers add what only
 * they know (characters, text hash, provider, attempts); the recorder adds status, timing and bytes. Mutable, but
 * used by one request at a time.
 */
public final class Telemetry {

    /** The {@code endpoint} of a request that matched no route. */
    static final String NO_ROUTE = "other";

    final String requestId;
    final String method;
    volatile String endpoint = NO_ROUTE;
    volatile boolean synthesis;
    volatile String clientId;
    volatile int chars;
    volatile String textSha256;
    volatile String provider;
    volatile List<Attempt> attempts = List.of();
    volatile String problem;
    volatile String cache;
    volatile boolean charged = true;
    volatile boolean upgraded;

    public Telemetry(String requestId, String method) {
        this.requestId = requestId;
        this.method = method;
    }

    /**
     * The matched route.
     *
     * @param endpoint its metric tag, a template
     * @param synthesis whether it gets the request metrics; other routes are only logged
     */
    public Telemetry route(String endpoint, boolean synthesis) {
        this.endpoint = endpoint;
        this.synthesis = synthesis;
        return this;
    }

    public Telemetry client(String id) {
        this.clientId = id;
        return this;
    }

    public Telemetry text(int characters, String sha256) {
        this.chars = characters;
        this.textSha256 = sha256;
        return this;
    }

    public Telemetry routed(String provider, List<Attempt> attempts) {
        this.provider = provider;
        this.attempts = List.copyOf(attempts);
        return this;
    }

    public Telemetry attempts(List<Attempt> attempts) {
        this.attempts = List.copyOf(attempts);
        return this;
    }

    /**
     * How the audio cache took part ({@code hit}, {@code miss}, {@code coalesced}, {@code bypass}) and whether the
     * request was charged its characters (only one that called a provider is).
     */
    public Telemetry cache(String result, int chargedCharacters) {
        this.cache = result;
        this.charged = chargedCharacters > 0;
        return this;
    }

    /**
     * The request became a WebSocket conversation: its segments are logged and measured one by one (API.md §8), so
     * the upgrade request itself is not.
     */
    public Telemetry upgraded() {
        this.upgraded = true;
        return this;
    }

    public boolean isUpgraded() {
        return upgraded;
    }

    /** The problem slug of an error answer, for {@code tts_rejections_total{reason}}. */
    public Telemetry problem(String slug) {
        this.problem = slug;
        return this;
    }
}
