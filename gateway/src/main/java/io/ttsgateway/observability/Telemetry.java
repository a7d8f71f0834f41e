package io.ttsgateway.observability;

import io.ttsgateway.routing.Attempt;
import java.util.List;
import org.springframework.web.server.ServerWebExchange;

/**
 * What one request did, gathered while it runs and recorded once when it ends: one access-log line and the request
 * metrics (API.md §5). Handlers fill in what only they know (client, characters, text hash, provider, attempts);
 * the recording filter adds status, timing and bytes. Mutable, but used by one request at a time.
 */
public final class Telemetry {

    static final String ATTRIBUTE = Telemetry.class.getName();

    volatile String endpoint;
    volatile String clientId;
    volatile int chars;
    volatile String textSha256;
    volatile String provider;
    volatile List<Attempt> attempts = List.of();
    volatile String problem;
    volatile boolean callerLeft;

    /** The telemetry of this exchange; a detached one (recorded nowhere) when the exchange is not tracked. */
    public static Telemetry of(ServerWebExchange exchange) {
        Telemetry telemetry = exchange.getAttribute(ATTRIBUTE);
        return telemetry != null ? telemetry : new Telemetry();
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
     * The caller went away while audio was still streaming. The server may see that as a quiet end of the write
     * rather than a cancel, so the body itself says so.
     */
    public void callerLeft() {
        this.callerLeft = true;
    }

    /** The problem slug of an error answer, for {@code tts_rejections_total{reason}}. */
    public Telemetry problem(String slug) {
        this.problem = slug;
        return this;
    }
}
