package io.ttsgateway.streaminput;

import io.ttsgateway.api.GatewayExchange;
import io.ttsgateway.api.Writability;
import io.ttsgateway.auth.Client;
import io.ttsgateway.budget.CharacterBudgets;
import io.ttsgateway.observability.Telemetry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/text-to-speech/{voice_id}/stream-input} (API.md §8). Everything that can be refused with an HTTP
 * answer is refused before the upgrade: the query, and, when the key or token came with the upgrade request (the
 * route filter has then checked it and taken the rate), the concurrency slot the conversation holds while it is open.
 */
final class StreamInputHandler {

    private final StreamInput deps;
    private final WebSocketService sockets;

    StreamInputHandler(StreamInput deps, WebSocketService sockets) {
        this.deps = deps;
        this.sockets = sockets;
    }

    Mono<ServerResponse> upgrade(ServerRequest request) {
        StreamInputSettings settings =
                StreamInputSettings.from(request.pathVariable("voice_id"), request.queryParams());
        // The query's format and options, checked as a segment's body will be, before anything is taken.
        deps.segments().request(settings.body("-", null, null));
        Client client = GatewayExchange.CLIENT.get(request.exchange()).orElse(null);
        Mono<CharacterBudgets.Reservation> slot = client == null
                ? Mono.empty()
                : deps.budgets().reserve(client, 0, deps.admission().claim(client.id(), client.limits()));
        String requestId = GatewayExchange.requestId(request.exchange());
        return slot.map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(held -> ServerResponse.ok().build((exchange, context) -> {
                    Writability writability =
                            GatewayExchange.WRITABILITY.get(exchange).orElse(Mono::empty);
                    Conversation conversation =
                            new Conversation(deps, settings, requestId, client, held.orElse(null), writability);
                    AtomicBoolean started = new AtomicBoolean();
                    return sockets.handleRequest(exchange, session -> {
                                started.set(true);
                                // Its segments are logged one by one; the upgrade request itself is not.
                                GatewayExchange.TELEMETRY.get(exchange).ifPresent(Telemetry::upgraded);
                                return conversation.run(session);
                            })
                            // A conversation lets its slot go when it ends; one that never started (the handshake
                            // failed, or the client dropped first) lets it go here. Releasing twice is a no-op.
                            .doFinally(signal -> {
                                if (!started.get()) {
                                    held.ifPresent(deps.budgets()::release);
                                }
                            });
                }));
    }
}
