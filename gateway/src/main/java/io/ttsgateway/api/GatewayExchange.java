package io.ttsgateway.api;

import io.ttsgateway.auth.Client;
import io.ttsgateway.auth.StreamGrant;
import io.ttsgateway.observability.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every exchange attribute the gateway sets, in one place, each typed. One rule for a value that is not there:
 * {@link Key#get} answers {@link Optional#empty()}, and {@link Key#require} throws, naming the attribute, for a value
 * whose absence is a bug (a handler reached without its route filter).
 */
public final class GatewayExchange {

    /** The request id of API.md §2, set by the edge before anything else runs. */
    public static final Key<String> REQUEST_ID = new Key<>("request-id", String.class);

    /** The matched route, set by the route filter before authentication. */
    public static final Key<Route> ROUTE = new Key<>("route", Route.class);

    /** The authenticated client. */
    public static final Key<Client> CLIENT = new Key<>("client", Client.class);

    /** What the stream token of a {@link Route.Credentials#STREAM_TOKEN} route grants: its client and bound request. */
    public static final Key<StreamGrant> STREAM_GRANT = new Key<>("stream-grant", StreamGrant.class);

    /** What the access log and metrics will record of this request. */
    /** The connection's writability, for handlers that write on their own (a WebSocket). */
    public static final Key<Writability> WRITABILITY = new Key<>("writability", Writability.class);

    public static final Key<Telemetry> TELEMETRY = new Key<>("telemetry", Telemetry.class);

    /** Present once the whole request body was read, so an error answer knows the connection can be kept. */
    public static final Key<Boolean> BODY_READ = new Key<>("body-read", Boolean.class);

    private static final Key<EndActions> END_ACTIONS = new Key<>("end-actions", EndActions.class);

    private GatewayExchange() {}

    /** The request id, or {@code unknown} for an exchange the edge never saw (only in a broken setup). */
    public static String requestId(ServerWebExchange exchange) {
        return REQUEST_ID.get(exchange).orElse("unknown");
    }

    /**
     * Runs {@code action} once the exchange has completely ended: the last byte written, the error answered or the
     * caller gone. Resources held for the whole answer (a concurrency slot) are let go here, not when the handler
     * returns, since a streamed body is written long after that.
     */
    public static void whenDone(ServerWebExchange exchange, Runnable action) {
        EndActions actions = END_ACTIONS.get(exchange).orElseGet(() -> {
            EndActions fresh = new EndActions();
            END_ACTIONS.set(exchange, fresh);
            return fresh;
        });
        actions.add(action);
    }

    /** Called by the edge when the exchange has ended; each action runs once. */
    public static void end(ServerWebExchange exchange) {
        END_ACTIONS.get(exchange).ifPresent(EndActions::runOnce);
    }

    /** Added to and run from whichever thread the exchange is on at the time: synchronized, run at most once. */
    private static final class EndActions {

        private final List<Runnable> actions = new ArrayList<>();
        private boolean ran;

        synchronized void add(Runnable action) {
            if (ran) {
                action.run();
            } else {
                actions.add(action);
            }
        }

        void runOnce() {
            List<Runnable> toRun;
            synchronized (this) {
                if (ran) {
                    return;
                }
                ran = true;
                toRun = List.copyOf(actions);
            }
            toRun.forEach(Runnable::run);
        }
    }

    /**
     * A typed attribute key.
     *
     * @param <T> the value's type
     */
    public static final class Key<T> {

        private final String name;
        private final String attribute;
        private final Class<T> type;

        private Key(String name, Class<T> type) {
            this.name = name;
            this.attribute = GatewayExchange.class.getName() + "." + name;
            this.type = type;
        }

        public Optional<T> get(ServerWebExchange exchange) {
            return Optional.ofNullable(exchange.getAttribute(attribute)).map(type::cast);
        }

        public T require(ServerWebExchange exchange) {
            return get(exchange).orElseThrow(() -> new IllegalStateException("no " + name + " on this exchange"));
        }

        public void set(ServerWebExchange exchange, T value) {
            exchange.getAttributes().put(attribute, value);
        }
    }
}
