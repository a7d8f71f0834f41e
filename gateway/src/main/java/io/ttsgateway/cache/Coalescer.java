package io.ttsgateway.cache;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * The flights in progress on this replica, by cache key (API.md §9 "Coalescing"): the first request for a key starts
 * one, identical requests while it is listed board it. A flight is listed until no one may board it any more (see
 * {@link Flight}); a request that comes later finds the stored entry instead.
 *
 * @param <M> how audio was made, as the flights carry it
 */
public final class Coalescer<M> {

    private final ConcurrentHashMap<String, Flight<M>> flights = new ConcurrentHashMap<>();
    private final long keepLimit;

    /** @param keepLimit the most bytes a flight keeps for late passengers and storing: {@code TTS_CACHE_MAX_ENTRY} */
    public Coalescer(long keepLimit) {
        this.keepLimit = keepLimit;
    }

    /** A seat on the flight listed under {@code key}, if there is one that can still be boarded. */
    public Optional<Flight<M>.Seat> join(String key) {
        Flight<M> flight = flights.get(key);
        return flight == null ? Optional.empty() : flight.board();
    }

    /**
     * Boards the flight listed under {@code key} or, when there is none, lists a new one and gives the caller its
     * first seat: the caller then {@linkplain Flight#depart starts its call}.
     */
    public Boarding<M> joinOrLead(String key, BiFunction<M, byte[], Mono<Void>> onLanded) {
        while (true) {
            Flight<M> fresh = new Flight<>(keepLimit, onLanded, closed -> flights.remove(key, closed));
            // Seated before it is listed: a listed flight always has a passenger until its leader has started it.
            Flight<M>.Seat first = fresh.board().orElseThrow();
            Flight<M> listed = flights.putIfAbsent(key, fresh);
            if (listed == null) {
                return new Boarding<>(fresh, first);
            }
            first.leave();
            Optional<Flight<M>.Seat> seat = listed.board();
            if (seat.isPresent()) {
                return new Boarding<>(null, seat.get());
            }
            // Closed between the lookup and boarding: it is being unlisted; take its place.
            flights.remove(key, listed);
        }
    }

    /** A flight nobody else can board (a request that bypasses reading): stored when complete, like any other. */
    public Boarding<M> alone(BiFunction<M, byte[], Mono<Void>> onLanded) {
        Flight<M> flight = new Flight<>(keepLimit, onLanded, closed -> {});
        return new Boarding<>(flight, flight.board().orElseThrow());
    }

    /** Flights listed now. */
    public int inFlight() {
        return flights.size();
    }

    /**
     * A seat, and the flight to start when the caller leads it.
     *
     * @param leading the new flight whose call the caller must start, null when it boarded one in progress
     * @param seat the caller's seat
     */
    public record Boarding<M>(Flight<M> leading, Flight<M>.Seat seat) {
        public boolean leads() {
            return leading != null;
        }
    }
}
