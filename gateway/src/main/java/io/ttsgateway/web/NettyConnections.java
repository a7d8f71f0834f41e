package io.ttsgateway.web;

import io.netty.channel.Channel;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.netty.http.server.HttpServerRequest;

/** The Netty connection under an exchange, for the edge's parts that work at both levels. */
final class NettyConnections {

    private NettyConnections() {}

    /** The channel the request came in on, or null when it did not come through Reactor Netty. */
    static Channel channel(ServerHttpRequest request) {
        ServerHttpRequest current = request;
        while (current instanceof ServerHttpRequestDecorator decorator) {
            current = decorator.getDelegate();
        }
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(current);
        } catch (IllegalArgumentException notNetty) {
            return null;
        }
        if (nativeRequest instanceof HttpServerRequest netty) {
            Channel[] channel = new Channel[1];
            netty.withConnection(connection -> channel[0] = connection.channel());
            return channel[0];
        }
        return null;
    }
}
