package io.ttsgateway.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One provider call shared by every identical request in flight on this replica (API.md §9 "Coalescing").
 *
 * <p>Why not Reactor's sharing operators: {@code cache()} and {@code replay().autoConnect()} never cancel their
 * source, so a call every caller has left would run (and be paid for) to its end; {@code publish().refCount()} cancels
 * when the last subscriber leaves but has no notion of "complete", so whatever stores the result would have to guess
 * whether the audio it saw was whole. This class makes each of those decisions explicit:
 *
 * <ul>
 *   <li><b>Detached call.</b> The flight, not any caller, subscribes to the call ({@link #depart}). The caller who
 *       started it is a passenger like the others, so the first caller hanging up stops nobody else's audio.
 *   <li><b>Replay, then live.</b> Chunks are kept as they arrive; a passenger who boards late first gets every chunk so
 *       far, then the rest as they come. Each passenger has its own queue (a unicast sink) holding references to the
 *       shared chunks.
 *   <li><b>Back-pressure.</b> The call is asked for more only while every passenger is fewer than {@link #WINDOW}
 *       chunks behind it, so a caller who stops reading stops the call (as on the plain path, API.md §10) instead of
 *       having the provider's whole answer pulled into memory; the others aboard wait with it, and the edge's write
 *       timeout ends a caller who stalls for good.
 *   <li><b>Abandoned when empty.</b> When the last passenger leaves before the call has ended, the call is cancelled
 *       and nothing is stored: the flight has no audience and an incomplete answer must never become an entry.
 *   <li><b>Stored only when complete.</b> {@code onLanded} gets the audio only after the call completed normally and
 *       only if it stayed within {@code keepLimit} bytes; past that the replay is dropped and no one new may board (a
 *       late passenger could no longer get the audio from its start), while those aboard get the rest live.
 *   <li><b>Failure before audio</b> ends every waiting passenger's ride with that failure, and each decides on its
 *       own what to do next (API.md §9: continue down the provider chain under its own limits). A failure after audio
 *       started ends every passenger's audio with it: nobody mistakes a cut answer for a whole one.
 *   <li><b>Listed until stored.</b> {@code onClosed} runs once, when no one may board any more (failed, abandoned,
 *       too big, or landed and stored), so that the coalescer lists the flight exactly while joining it is right, and a
 *       request that finds no flight finds the stored entry instead.
 * </ul>
 *
 * <p>State changes happen under the flight's monitor and are a few field writes; passengers' code (their tickets and
 * queues) is always signalled outside it, so nothing a passenger does can run while the monitor is held.
 *
 * @param <M> how the audio was made (provider, attempts), given to every passenger and to {@code onLanded}
 */
public final class Flight<M> {

    /**
     * What a passenger gets once audio flows: how it was made, and the audio from its first byte.
     *
     * @param landed whether the call had already ended when the passenger boarded (the audio is complete, being
     *     stored: for the passenger, as good as an entry)
     */
    public record Ride<M>(M made, Flux<byte[]> audio, boolean landed) {}

    /** What the call produced once it has audio: how it was made and the audio, starting with its first chunk. */
    public record Departure<M>(M made, Flux<byte[]> audio) {}

    private enum State {
        WAITING,
        FLOWING,
        LANDED,
        FAILED,
        ABANDONED
    }

    /** Chunks the slowest passenger may be behind the call before the call is asked for no more. */
    static final int WINDOW = 4;

    private final long keepLimit;
    private final BiFunction<M, byte[], Mono<Void>> onLanded;
    private final Consumer<Flight<M>> onClosed;
    private final Disposable.Swap call = Disposables.swap();
    private final List<Seat> seats = new ArrayList<>();

    private State state = State.WAITING;
    private boolean boardable = true;
    private boolean closed;
    private M made;
    private List<byte[]> chunks = new ArrayList<>();
    private long size;
    private Subscription upstream;
    /** Chunks asked of the call and not yet received. */
    private long outstanding;

    /**
     * @param keepLimit the most bytes kept for late passengers and for storing
     * @param onLanded what to do with complete audio (store it); the flight stays listed until it completes
     * @param onClosed runs once when no one may board any more
     */
    public Flight(long keepLimit, BiFunction<M, byte[], Mono<Void>> onLanded, Consumer<Flight<M>> onClosed) {
        this.keepLimit = keepLimit;
        this.onLanded = onLanded;
        this.onClosed = onClosed;
    }

    /** A seat on this flight, or empty when it can no longer be boarded (failed, abandoned, too big). */
    public Optional<Seat> board() {
        Seat seat = new Seat();
        State seen;
        synchronized (this) {
            if (!boardable || state == State.FAILED || state == State.ABANDONED) {
                return Optional.empty();
            }
            seen = state;
            if (seen != State.LANDED) {
                seats.add(seat);
            }
            if (seen != State.WAITING) {
                seat.open(chunks, seen == State.LANDED);
            }
        }
        if (seen != State.WAITING) {
            seat.hand(made, seen == State.LANDED);
        }
        return Optional.of(seat);
    }

    /**
     * Starts the call: subscribed here, by the flight, so that no passenger's leaving cancels it while others remain.
     * Call once, after the passenger who starts it has {@link #board boarded}.
     */
    public void depart(Mono<Departure<M>> departure) {
        call.update(
                departure.doOnNext(this::flowing).flatMapMany(Departure::audio).subscribeWith(new Call()));
    }

    /** The flight's subscriber to the call: asks for chunks as the passengers take them. */
    private final class Call extends BaseSubscriber<byte[]> {

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            synchronized (Flight.this) {
                upstream = subscription;
            }
            askForMore();
        }

        @Override
        protected void hookOnNext(byte[] bytes) {
            synchronized (Flight.this) {
                outstanding--;
            }
            chunk(bytes);
            askForMore();
        }

        @Override
        protected void hookOnError(Throwable error) {
            failed(error);
        }

        @Override
        protected void hookOnComplete() {
            completed();
        }
    }

    /** Asks the call for as many chunks as keep the slowest passenger within {@link #WINDOW} of it. */
    private void askForMore() {
        Subscription subscription;
        long wanted;
        synchronized (this) {
            if (upstream == null || (state != State.WAITING && state != State.FLOWING)) {
                return;
            }
            long behind = 0;
            for (Seat seat : seats) {
                behind = Math.max(behind, seat.emitted - seat.consumed);
            }
            wanted = WINDOW - behind - outstanding;
            if (wanted <= 0) {
                return;
            }
            outstanding += wanted;
            subscription = upstream;
        }
        subscription.request(wanted);
    }

    private void flowing(Departure<M> departure) {
        List<Seat> waiting;
        synchronized (this) {
            if (state != State.WAITING) {
                return;
            }
            state = State.FLOWING;
            made = departure.made();
            waiting = List.copyOf(seats);
            waiting.forEach(seat -> seat.open(List.of(), false));
        }
        waiting.forEach(seat -> seat.hand(departure.made(), false));
    }

    private void chunk(byte[] bytes) {
        List<Seat> aboard;
        boolean closing = false;
        synchronized (this) {
            if (state != State.FLOWING) {
                return;
            }
            if (boardable) {
                size += bytes.length;
                if (size > keepLimit) {
                    boardable = false;
                    chunks = List.of();
                    closing = true;
                } else {
                    chunks.add(bytes);
                }
            }
            aboard = List.copyOf(seats);
            aboard.forEach(seat -> seat.emitted++);
        }
        if (closing) {
            close();
        }
        aboard.forEach(seat -> seat.emit(bytes));
    }

    private void failed(Throwable error) {
        State before;
        List<Seat> aboard;
        synchronized (this) {
            before = state;
            if (before != State.WAITING && before != State.FLOWING) {
                return;
            }
            state = State.FAILED;
            aboard = List.copyOf(seats);
            seats.clear();
            chunks = List.of();
        }
        close();
        aboard.forEach(seat -> seat.fail(error, before == State.WAITING));
    }

    private void completed() {
        List<Seat> aboard;
        byte[] whole = null;
        boolean noAudio;
        synchronized (this) {
            noAudio = state == State.WAITING;
        }
        if (noAudio) {
            // A departure without audio: the call's own code reports this as a failure; never land on nothing.
            failed(new IllegalStateException("the call ended without audio"));
            return;
        }
        synchronized (this) {
            if (state != State.FLOWING) {
                return;
            }
            state = State.LANDED;
            aboard = List.copyOf(seats);
            seats.clear();
            if (boardable && size > 0) {
                whole = concat(chunks, size);
            }
        }
        aboard.forEach(Seat::complete);
        if (whole == null) {
            close();
        } else {
            onLanded.apply(made, whole)
                    .onErrorComplete()
                    .doFinally(signal -> close())
                    .subscribe();
        }
    }

    private void leave(Seat seat) {
        boolean abandon;
        synchronized (this) {
            if (!seats.remove(seat)) {
                return;
            }
            abandon = seats.isEmpty() && (state == State.WAITING || state == State.FLOWING);
            if (abandon) {
                state = State.ABANDONED;
                chunks = List.of();
            }
        }
        if (abandon) {
            close();
            call.dispose();
        } else {
            // The one who left may have been the slowest.
            askForMore();
        }
    }

    private void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            boardable = false;
        }
        onClosed.accept(this);
    }

    private static byte[] concat(List<byte[]> chunks, long size) {
        if (chunks.size() == 1) {
            // Whole audio comes as one chunk: no copy (chunks are never written to after they arrive).
            return chunks.get(0);
        }
        byte[] whole = new byte[(int) size];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, whole, at, chunk.length);
            at += chunk.length;
        }
        return whole;
    }

    /**
     * One passenger: a ticket that resolves once audio flows, then a queue of its own. Leaving (cancelling the ticket
     * or the audio, or {@link #leave()}) gives the seat up; the last one to leave before the end abandons the flight.
     */
    public final class Seat {

        private final Sinks.One<Ride<M>> ticket = Sinks.one();
        private Sinks.Many<byte[]> queue;
        /** Chunks put in the queue and chunks the passenger took from it, under the flight's monitor. */
        private long emitted;

        private long consumed;

        /** Resolves with the ride once the call has audio, or fails with the call's failure before its first byte. */
        public Mono<Ride<M>> ride() {
            return ticket.asMono().doOnCancel(this::leave);
        }

        public void leave() {
            Flight.this.leave(this);
        }

        /** Under the flight's monitor: the queue, filled with what a late passenger missed. */
        private void open(List<byte[]> missed, boolean ended) {
            queue = Sinks.many().unicast().onBackpressureBuffer();
            missed.forEach(queue::tryEmitNext);
            emitted = missed.size();
            if (ended) {
                queue.tryEmitComplete();
            }
        }

        private void hand(M made, boolean landed) {
            ticket.tryEmitValue(
                    new Ride<>(made, queue.asFlux().doOnNext(taken -> taken()).doOnCancel(this::leave), landed));
        }

        private void taken() {
            synchronized (Flight.this) {
                consumed++;
            }
            askForMore();
        }

        private void emit(byte[] bytes) {
            queue.tryEmitNext(bytes);
        }

        private void complete() {
            queue.tryEmitComplete();
        }

        private void fail(Throwable error, boolean beforeAudio) {
            if (beforeAudio) {
                ticket.tryEmitError(error);
            } else {
                queue.tryEmitError(error);
            }
        }
    }
}
