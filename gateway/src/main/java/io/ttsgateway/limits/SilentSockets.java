package io.ttsgateway.limits;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.protocol.CommandExpiryWriter;
import io.lettuce.core.protocol.DefaultEndpoint;

/**
 * Closes the socket under a Lettuce connection and leaves the connection open, so Lettuce's watchdog reconnects it
 * (to wherever its URI resolves now: for Sentinel, the master the sentinels name). Lettuce has no public call for
 * this; its endpoint's {@code disconnect} is the one it uses itself, and closing the channel is what a reset from
 * the peer would have done.
 */
final class SilentSockets {

    private SilentSockets() {}

    /** Non-blocking: the close is only requested. */
    static void drop(StatefulConnection<?, ?> connection) {
        if (!(connection instanceof RedisChannelHandler<?, ?> handler)) {
            return;
        }
        RedisChannelWriter writer = handler.getChannelWriter();
        while (writer instanceof CommandExpiryWriter expiry) {
            writer = expiry.getDelegate();
        }
        if (writer instanceof DefaultEndpoint endpoint) {
            endpoint.disconnect();
        }
    }
}
