package io.ttsgateway.observability;

import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sees every body buffer on its way to the caller: the time of the first one is the time to first byte the caller
 * feels (not the header commit), the sum is the bytes sent. It is also the one place that notices a caller hanging
 * up: the server cancels the body it was writing, which the server itself may report as a quiet end of the write.
 */
public final class CountingResponse extends ServerHttpResponseDecorator {

    private final long startNanos;
    private final AtomicLong firstByteNanos = new AtomicLong(-1);
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean callerLeft;

    public CountingResponse(ServerHttpResponse delegate, long startNanos) {
        super(delegate);
        this.startNanos = startNanos;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return super.writeWith(Flux.from(body).doOnNext(this::count).doOnCancel(this::left));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return super.writeAndFlushWith(Flux.from(body)
                .map(chunk -> Flux.from(chunk).doOnNext(this::count).doOnCancel(this::left))
                .doOnCancel(this::left));
    }

    private void count(DataBuffer buffer) {
        int size = buffer.readableByteCount();
        if (size > 0) {
            firstByteNanos.compareAndSet(-1, System.nanoTime() - startNanos);
        }
        bytes.addAndGet(size);
    }

    private void left() {
        callerLeft = true;
    }

    /** Nanoseconds from the request's start to the first body byte, -1 when none was sent. */
    long firstByteNanos() {
        return firstByteNanos.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** Whether the body being written was cancelled: the caller went away before the answer was complete. */
    boolean callerLeft() {
        return callerLeft;
    }
}
