package io.ttsgateway.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.ttsgateway.api.Writability;
import java.util.ArrayDeque;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Lets an answer's body go out only as fast as the caller takes it (API.md §10: memory stays bounded whatever a
 * caller does not read).
 *
 * <p>Reactor Netty writes whatever it is given: it asks its source for up to 128 buffers ahead, on top of the 32
 * groups Spring's {@code writeAndFlushWith} prefetches, and writes each one without waiting for the connection to be
 * writable. For a caller that reads nothing, up to 160 provider chunks wait in Netty's outbound buffer, megabytes with
 * large chunks (measured: about 900 KiB a caller in {@code BoundedMemoryIT}, 65 KiB with this gate).
 *
 * <p>{@link #gate} holds each buffer back until the connection is writable, that is until its outbound buffer is below
 * Netty's high-water mark, and asks for the next one only then, so back-pressure reaches the provider's stream: what
 * waits for a stalled caller is the water mark plus one chunk. Buffers pass on the connection's event loop, where the
 * write happens at once and updates the writability the next buffer is checked against. A writable connection lets a
 * buffer through at once, so time to first byte is unchanged.
 */
final class ChannelWritability extends ChannelInboundHandlerAdapter implements Writability {

    private final ArrayDeque<MonoSink<Void>> waiting = new ArrayDeque<>();
    private Channel channel;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** The buffers of an answer, each let through once the connection can take it; dropped ones are released. */
    Flux<DataBuffer> gate(Publisher<? extends DataBuffer> buffers) {
        return Flux.<DataBuffer>from(buffers)
                .concatMap(buffer -> Mono.just(buffer).delayUntil(b -> whenWritable()), 0)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /** Completes on the connection's event loop once it is writable, or closed (the write then fails by itself). */
    @Override
    public Mono<Void> whenWritable() {
        return Mono.create(sink -> {
            EventLoop loop = channel.eventLoop();
            if (loop.inEventLoop()) {
                await(sink);
            } else {
                loop.execute(() -> await(sink));
            }
        });
    }

    private void await(MonoSink<Void> sink) {
        if (channel.isWritable() || !channel.isActive()) {
            sink.success();
            return;
        }
        waiting.add(sink);
        sink.onCancel(() -> channel.eventLoop().execute(() -> waiting.remove(sink)));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        wake();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        wake();
        ctx.fireChannelInactive();
    }

    private void wake() {
        // One at a time: the buffer each one lets through may make the connection unwritable again.
        while (!waiting.isEmpty() && (channel.isWritable() || !channel.isActive())) {
            waiting.poll().success();
        }
    }
}
