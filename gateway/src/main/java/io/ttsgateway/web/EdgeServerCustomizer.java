package io.ttsgateway.web;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * The connection-level defences of the edge (API.md §10), on the Reactor Netty server itself, before any request
 * reaches a filter: Reactor Netty's own options where it has them, Netty handlers where it has none.
 *
 * <ul>
 *   <li>Idle connections: {@link HttpServer#idleTimeout}, counted while no request is in progress (from the
 *       connection's start and from the end of each answer) and closing the connection.
 *   <li>Slow headers: {@link RequestHeadDeadline}, from a request's first byte to the end of its headers.
 *   <li>Slow bodies: {@code api/JsonBodyReader}, from when the gateway starts reading a body (after the rate and
 *       concurrency checks) to its end; a 408 that closes the connection and frees the caller's concurrency slot.
 *       Not Reactor Netty's {@code requestTimeout}: it counts from the request's start, so time the gateway itself
 *       spent before reading (a busy limit store) would cut callers off.
 *   <li>Smuggling-shaped framing: {@link FramingGuard}.
 *   <li>Slow readers: {@link StalledReaderGuard} disconnects a caller that takes nothing, {@link ChannelWritability}
 *       keeps what waits for any caller small.
 * </ul>
 *
 * Pipelined requests are bounded by the libraries themselves: Reactor Netty (1.3.7 and later) stops reading while 32
 * wait, and Netty (4.2.18 and later) closes a connection with more than 128 unanswered.
 */
final class EdgeServerCustomizer implements NettyServerCustomizer {

    private final EdgeProperties properties;

    EdgeServerCustomizer(EdgeProperties properties) {
        this.properties = properties;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.idleTimeout(properties.connectionIdleTimeout())
                .doOnChannelInit((observer, channel, remoteAddress) -> guard(channel.pipeline()));
    }

    private void guard(ChannelPipeline pipeline) {
        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
            // Not a plain HTTP/1.1 connection (the gateway serves nothing else): nothing of this applies.
            return;
        }
        RequestHeadDeadline headers = new RequestHeadDeadline(properties.headerReadTimeout());
        pipeline.addFirst("tts.stalledReaderGuard", new StalledReaderGuard(properties.clientWriteTimeout()))
                .addBefore(NettyPipeline.HttpCodec, "tts.headerDeadlineStart", headers.firstByte())
                .addAfter(NettyPipeline.HttpCodec, "tts.headerDeadlineEnd", headers.headersDone())
                .addAfter("tts.headerDeadlineEnd", "tts.framingGuard", new FramingGuard())
                .addAfter("tts.framingGuard", "tts.channelWritability", new ChannelWritability());
    }
}
