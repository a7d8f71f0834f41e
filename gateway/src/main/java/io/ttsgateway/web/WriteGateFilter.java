package io.ttsgateway.web;

import io.netty.channel.Channel;
import io.ttsgateway.api.GatewayExchange;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes every streamed answer through its connection's {@link ChannelWritability} gate, so that no answer is queued
 * in memory faster than its caller reads it. A body given whole (a {@link Mono}) is already in memory and goes out as
 * it is.
 */
final class WriteGateFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Channel channel = NettyConnections.channel(exchange.getRequest());
        ChannelWritability writability =
                channel == null ? null : channel.pipeline().get(ChannelWritability.class);
        if (writability == null) {
            return chain.filter(exchange);
        }
        GatewayExchange.WRITABILITY.set(exchange, writability);
        return chain.filter(exchange.mutate()
                .response(new Gated(exchange.getResponse(), writability))
                .build());
    }

    private static final class Gated extends ServerHttpResponseDecorator {

        private final ChannelWritability writability;

        Gated(ServerHttpResponse delegate, ChannelWritability writability) {
            super(delegate);
            this.writability = writability;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return super.writeWith(body instanceof Mono ? body : writability.gate(body));
        }

        /**
         * Each buffer becomes a group of its own, flushed as it goes: a stream is written buffer by buffer either
         * way, and a new group is only asked for once the one before went out.
         */
        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return super.writeAndFlushWith(writability.gate(flatten(body)).map(Mono::just));
        }
    }

    /**
     * The groups' buffers, in order. Each group is hidden from {@code concatMap}: for a group that is a single value
     * ({@code Mono.just}, what a handler hands over per chunk) it would take a shortcut whose request handling races
     * when requests come from another thread, as the gate's do (from the connection's event loop): a buffer was then
     * written twice (the second write failing on a released buffer and breaking the answer) and the next one never
     * (leaking it). Reactor issue 4406, open in reactor-core 3.8.
     */
    static <T> Flux<T> flatten(Publisher<? extends Publisher<? extends T>> groups) {
        return Flux.from(groups).concatMap(group -> Flux.<T>from(group).hide(), 0);
    }
}
