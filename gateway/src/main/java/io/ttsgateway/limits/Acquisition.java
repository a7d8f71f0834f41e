package io.ttsgateway.limits;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Taking something from a limit store that must be given back if nobody ends up holding it: a budget reservation, an
 * ElevenLabs cap ticket, a concurrency slot.
 *
 * <p>Cancelling a Redis command does not take it back: once it is on the wire, Redis executes it. So when the caller
 * hangs up while the reply is still on its way, the reservation is made all the same and nobody would refund it. An
 * acquisition made through {@link #releasedIfAbandoned} keeps its store call subscribed through a cancel and releases
 * what it brings, once it lands, if it was abandoned before being handed over.
 */
public final class Acquisition {

    private enum State {
        PENDING,
        HANDED_OVER,
        ABANDONED
    }

    private Acquisition() {}

    /**
     * {@code acquire}, whose value is passed to {@code release} if the subscriber cancels before it was handed to it.
     * Errors from {@code acquire} reach the subscriber as they are; an error after a cancel has nothing to release.
     *
     * <p>A value that reaches the subscriber's {@code onNext} is the subscriber's, even when its cancel races with it
     * (Reactor may deliver both): a {@code flatMap} whose inner chain releases on cancel, or a {@code doOnNext} that
     * registers the release, owns it from then on.
     */
    public static <R> Mono<R> releasedIfAbandoned(Mono<R> acquire, Function<R, Mono<Void>> release) {
        return Mono.defer(() -> {
            AtomicReference<State> state = new AtomicReference<>(State.PENDING);
            CompletableFuture<R> landed = acquire.toFuture();
            // The downstream future never fails: an error landing after a cancel would be reported as dropped.
            CompletableFuture<Landed<R>> outcome = landed.handle(Landed::new);
            return Mono.fromFuture(outcome, true)
                    .<R>handle((result, sink) -> {
                        if (result.error() != null) {
                            sink.error(unwrap(result.error()));
                        } else if (result.value() != null
                                // A value landing after the cancel is not handed over; the cancel's callback
                                // releases it.
                                && state.compareAndSet(State.PENDING, State.HANDED_OVER)) {
                            sink.next(result.value());
                        }
                    })
                    .doOnCancel(() -> {
                        if (state.compareAndSet(State.PENDING, State.ABANDONED)) {
                            landed.thenAccept(value -> {
                                if (value != null) {
                                    release.apply(value)
                                            .onErrorResume(e -> Mono.empty())
                                            .subscribe();
                                }
                            });
                        }
                    });
        });
    }

    private record Landed<R>(R value, Throwable error) {}

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
