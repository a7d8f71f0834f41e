package io.ttsgateway.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request headers have not all arrived within {@code TTS_HEADER_READ_TIMEOUT} of their
 * first byte (API.md §10, slow senders). Reactor Netty has no such deadline: its idle timeout restarts with every
 * byte, so a caller dripping one header byte a second would hold the connection forever.
 *
 * <p>Two handlers on one clock, one on each side of the HTTP decoder: {@link #firstByte()} sees bytes arrive while no
 * request is in progress and starts the clock; {@link #headersDone()} sees the decoded request and stops it. A
 * request is in progress from its headers to the end of its body; the body has its own deadline, Reactor Netty's
 * request timeout. Both run on the connection's event loop, so the state needs no locking. The clock starts at the
 * first read that finds no request in progress: when the start of a request shares a packet with the end of the one
 * before it, at the next packet.
 */
final class RequestHeadDeadline {

    private final long timeoutNanos;
    private boolean requestInProgress;
    private boolean upgraded;
    private ScheduledFuture<?> deadline;

    RequestHeadDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** Goes before the HTTP decoder: sees raw bytes. */
    ChannelHandler firstByte() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!requestInProgress
                        && deadline == null
                        && msg instanceof ByteBuf bytes
                        && bytes.isReadable()
                        && !upgraded(ctx)) {
                    deadline = ctx.executor()
                            .schedule(
                                    () -> {
                                        ctx.close();
                                    },
                                    timeoutNanos,
                                    TimeUnit.NANOSECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }
        };
    }

    /**
     * Whether the connection became a WebSocket: its bytes are frames from then on, never a request head, and a
     * conversation may go on for longer than any head may take.
     */
    private boolean upgraded(ChannelHandlerContext ctx) {
        if (!upgraded) {
            upgraded = ctx.pipeline().get(WebSocketFrameDecoder.class) != null;
        }
        return upgraded;
    }

    /** Goes right after the HTTP decoder: sees whole request heads and the end of each body. */
    ChannelHandler headersDone() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    stop();
                    requestInProgress = true;
                }
                if (msg instanceof LastHttpContent) {
                    requestInProgress = false;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void stop() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
