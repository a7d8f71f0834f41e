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
 * feels (not the header commit), and the sum is the bytes sent.
 */
final class CountingResponse extends ServerHttpResponseDecorator {

    private final long startNanos;
    private final AtomicLong firstByteNanos = new AtomicLong(-1);
    private final AtomicLong bytes = new AtomicLong();

    CountingResponse(ServerHttpResponse delegate, long startNanos) {
        super(delegate);
        this.startNanos = startNanos;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return super.writeWith(Flux.from(body).doOnNext(this::count));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return super.writeAndFlushWith(Flux.from(body).map(chunk -> Flux.from(chunk).doOnNext(this::count)));
    }

    private void count(DataBuffer buffer) {
        int size = buffer.readableByteCount();
        if (size > 0) {
            firstByteNanos.compareAndSet(-1, System.nanoTime() - startNanos);
        }
        bytes.addAndGet(size);
    }

    /** Nanoseconds from the request's start to the first body byte, -1 when none was sent. */
    long firstByteNanos() {
        return firstByteNanos.get();
    }

    long bytes() {
        return bytes.get();
    }
}
