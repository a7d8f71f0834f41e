package io.ttsgateway.api;

import reactor.core.publisher.Mono;

/**
 * Whether the caller's connection can take more now (API.md §10: memory stays bounded whatever a caller does not
 * read). The edge gates HTTP answers itself; a handler that writes on its own, as a WebSocket does, waits on this
 * before each message, from {@link GatewayExchange#WRITABILITY}.
 */
public interface Writability {

    /** Completes once the connection can take more, or has closed (a write then fails by itself). */
    Mono<Void> whenWritable();
}
