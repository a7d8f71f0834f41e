package io.ttsgateway.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Disconnects a caller that has taken none of the answer waiting for it for {@code TTS_CLIENT_WRITE_TIMEOUT}
 * (API.md §10, slow readers). The server then cancels the exchange, which ends as {@code cancelled} and cancels the
 * provider's stream.
 *
 * <p>"Taken nothing" is measured on the connection's outbound buffer: bytes are waiting in it and not one of them has
 * gone to the socket since the last look. A caller that reads slowly but steadily keeps the answer moving and is never
 * cut off; a connection with nothing to send (waiting for a provider, or idle between requests) is never judged here.
 * Netty's {@code WriteTimeoutHandler} would also cut off a steady reader whose single large write takes long, and
 * {@code IdleStateHandler} also fires when there is simply nothing to write. The look repeats only while bytes wait.
 */
final class StalledReaderGuard extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private final long lookEveryNanos;
    private ScheduledFuture<?> nextLook;
    private Object lastMessage;
    private long lastProgress;
    private long stalledSince;

    StalledReaderGuard(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        // Looks ten times per timeout: a stalled caller is cut off at most a fifth of the timeout late.
        this.lookEveryNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(50), timeoutNanos / 10);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        if (nextLook == null) {
            ChannelOutboundBuffer waiting = ctx.channel().unsafe().outboundBuffer();
            lastMessage = waiting == null ? null : waiting.current();
            lastProgress = waiting == null ? 0 : waiting.currentProgress();
            stalledSince = System.nanoTime();
            nextLook = ctx.executor().schedule(() -> look(ctx), lookEveryNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void look(ChannelHandlerContext ctx) {
        nextLook = null;
        ChannelOutboundBuffer waiting = ctx.channel().unsafe().outboundBuffer();
        if (waiting == null || waiting.totalPendingWriteBytes() == 0) {
            // Everything went to the socket; the next write starts watching again.
            return;
        }
        long now = System.nanoTime();
        Object message = waiting.current();
        long progress = waiting.currentProgress();
        if (message != lastMessage || progress != lastProgress) {
            lastMessage = message;
            lastProgress = progress;
            stalledSince = now;
        } else if (now - stalledSince >= timeoutNanos) {
            ctx.close();
            return;
        }
        nextLook = ctx.executor().schedule(() -> look(ctx), lookEveryNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (nextLook != null) {
            nextLook.cancel(false);
            nextLook = null;
        }
        ctx.fireChannelInactive();
    }
}
