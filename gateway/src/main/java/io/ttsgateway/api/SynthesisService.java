package io.ttsgateway.api;

import io.ttsgateway.auth.Client;
import io.ttsgateway.budget.CharacterBudgets;
import io.ttsgateway.budget.ElevenLabsCap;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.cache.CacheResult;
import io.ttsgateway.cache.CacheUse;
import io.ttsgateway.cache.CacheableRequest;
import io.ttsgateway.cache.CachedAudio;
import io.ttsgateway.cache.Coalescer;
import io.ttsgateway.cache.Flight;
import io.ttsgateway.limits.SynthesisAdmission;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.routing.Attempt;
import io.ttsgateway.routing.ProviderCall;
import io.ttsgateway.routing.RouteRequest;
import io.ttsgateway.routing.Routed;
import io.ttsgateway.routing.RoutingFailure;
import io.ttsgateway.routing.StreamStart;
import io.ttsgateway.routing.SynthesisRouter;
import io.ttsgateway.timing.LineSplitter;
import io.ttsgateway.timing.TimedAnswers;
import io.ttsgateway.timing.TimedChunk;
import io.ttsgateway.voice.VoiceCatalog;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * The pipeline every surface shares: a validated request in, audio out (API.md §4, §9). It answers from the audio
 * cache or from an identical request's call in flight when it may; otherwise it reserves the characters, routes, and
 * refunds them when no audio reached the caller. Surfaces (native, ElevenLabs-shaped, OpenAI-shaped, browser) differ
 * only in how they parse requests and render answers.
 */
final class SynthesisService {

    /** How audio was made, as a flight carries it to its passengers and a stored entry remembers it. */
    record Made(String provider, List<Attempt> attempts) {}

    /**
     * One caller's answer.
     *
     * @param routed the audio, its provider and this caller's attempts (none for a hit or a coalesced answer)
     * @param cache how the cache took part
     * @param charged characters charged to the caller: 0 unless this request called a provider
     */
    record Synthesized<T>(Routed<T> routed, CacheResult cache, int charged) {}

    /**
     * Who asks, and what the answer is bound to.
     *
     * @param atEnd runs an action once the caller's exchange has completely ended
     * @param cacheControl the request's {@code Cache-Control} header values
     */
    record Caller(Client client, String requestId, Consumer<Runnable> atEnd, List<String> cacheControl) {}

    /** A stored entry is streamed in chunks of this size: hits start playing as soon as a miss would. */
    private static final int ENTRY_CHUNK = 16 * 1024;

    private final SynthesisRouter router;
    private final CharacterBudgets budgets;
    private final SynthesisAdmission slots;
    private final ElevenLabsCap elevenLabsCap;
    private final VoiceCatalog voices;
    private final AudioCache cache;
    private final Coalescer<Made> flights;
    private final int maxAudioBytes;
    private final ObjectMapper json;
    private final Shape<byte[]> whole = new WholeShape();
    private final Shape<byte[]> wholeTimed = new WholeTimedShape();
    private final Shape<Flux<DataBuffer>> stream = new StreamShape();
    private final Shape<Flux<DataBuffer>> streamTimed = new StreamTimedShape();

    SynthesisService(
            SynthesisRouter router,
            CharacterBudgets budgets,
            SynthesisAdmission slots,
            ElevenLabsCap elevenLabsCap,
            VoiceCatalog voices,
            AudioCache cache,
            DataSize maxAudioSize,
            ObjectMapper json) {
        this.router = router;
        this.budgets = budgets;
        this.slots = slots;
        this.elevenLabsCap = elevenLabsCap;
        this.voices = voices;
        this.cache = cache;
        this.flights = new Coalescer<>(cache.maxEntry());
        this.maxAudioBytes = (int) Math.min(Integer.MAX_VALUE, maxAudioSize.toBytes());
        this.json = json;
    }

    /** Whole audio, collected before anything is sent so that fallback still applies to a failure part-way. */
    Mono<Synthesized<byte[]>> whole(Caller caller, TtsRequest request) {
        return synthesize(caller, request, request.timing().withTimestamps() ? wholeTimed : whole);
    }

    /** Streamed audio: routed until a provider produced its first chunk, then passed through as it arrives. */
    Mono<Synthesized<Flux<DataBuffer>>> stream(Caller caller, TtsRequest request) {
        return synthesize(caller, request, request.timing().withTimestamps() ? streamTimed : stream);
    }

    /**
     * One segment of a WebSocket conversation (API.md §8): its characters reserved on their own (the conversation holds
     * the concurrency slot), routed through providers' timestamped streams with {@code preferred} first, each line
     * parsed and checked as it arrives. No cache: a conversation's text is new as it is written. Charged as a stream:
     * refunded when routing fails or the caller leaves before audio, unless ElevenLabs may bill a call.
     *
     * @param preferred the provider that served the conversation so far, null for the chain's own order
     */
    Mono<Routed<Flux<TimedChunk>>> segment(Client client, String requestId, TtsRequest request, String preferred) {
        ElevenLabsCap.RequestAdmission admission = elevenLabsCap.admissionFor(client);
        SynthesisRouter chosen = preferred == null ? router : router.preferring(preferred);
        return charged(
                budgets.spend(client, request.characters()),
                budgets::refund,
                admission,
                chosen.route(
                        routeRequest(request, requestId),
                        SynthesisRouter.Mode.STREAM,
                        (provider, audio) -> StreamStart.open(
                                provider, checkedLines(provider, audio).map(CheckedLine::chunk)),
                        admission));
    }

    /**
     * The order of API.md §9: a flight in progress is boarded first (it is in memory, and it is the one place an entry
     * being made can be found before it is stored), then the store is read; on a miss the caller leads a new flight,
     * unless an identical request listed one in the meantime. {@code no-cache} leads a flight nobody boards, so its
     * fresh audio is still stored; a request that bypasses the cache takes the plain path, without a flight.
     */
    private <T> Mono<Synthesized<T>> synthesize(Caller caller, TtsRequest request, Shape<T> shape) {
        CacheUse use = cache.use(caller.client().cacheable(), caller.cacheControl());
        if (use == CacheUse.NONE) {
            return routed(caller, request, shape, List.of())
                    .map(routed -> new Synthesized<>(routed, CacheResult.BYPASS, request.characters()));
        }
        String key = cache.key(cacheable(caller.client(), request));
        if (use == CacheUse.STORE_ONLY) {
            return Mono.defer(
                    () -> lead(caller, request, shape, flights.alone(storer(key)), CacheResult.BYPASS, List.of()));
        }
        return Mono.defer(() -> flights.join(key)
                .map(seat -> follow(caller, request, shape, seat, key))
                .orElseGet(() -> cache.lookup(key)
                        .flatMap(entry -> hit(caller, shape, entry))
                        .switchIfEmpty(Mono.defer(() -> {
                            Coalescer.Boarding<Made> boarding = flights.joinOrLead(key, storer(key));
                            return boarding.leads()
                                    ? lead(caller, request, shape, boarding, CacheResult.MISS, List.of())
                                    : follow(caller, request, shape, boarding.seat(), key);
                        }))));
    }

    /** What the key covers: the request after its surface's fields were mapped, the voice resolved (API.md §9). */
    private CacheableRequest cacheable(Client client, TtsRequest request) {
        return new CacheableRequest(
                cache.scopeOf(client.id()),
                request.voiceId() == null ? voices.defaultVoice() : request.voiceId(),
                request.format().value(),
                request.timing().key(),
                request.options(),
                request.text());
    }

    private BiFunction<Made, byte[], Mono<Void>> storer(String key) {
        return (made, audio) -> cache.store(key, new CachedAudio(made.provider(), audio));
    }

    /** A stored entry: no provider, no characters; the concurrency slot is still taken (API.md §9). */
    private <T> Mono<Synthesized<T>> hit(Caller caller, Shape<T> shape, CachedAudio entry) {
        return slotOnly(caller)
                .map(reservation -> new Synthesized<>(
                        new Routed<>(entry.provider(), shape.fromEntry(entry.audio()), List.of()), CacheResult.HIT, 0));
    }

    /**
     * The caller's call, shared through {@code boarding}'s flight: the flight subscribes to it, so the caller leaving
     * stops it only when no one else is aboard. The caller is charged as on the plain path.
     */
    private <T> Mono<Synthesized<T>> lead(
            Caller caller,
            TtsRequest request,
            Shape<T> shape,
            Coalescer.Boarding<Made> boarding,
            CacheResult result,
            List<Attempt> failedAlready) {
        Flight<Made>.Seat seat = boarding.seat();
        caller.atEnd().accept(seat::leave);
        boarding.leading()
                .depart(routed(caller, request, shape, failedAlready)
                        .map(routed -> new Flight.Departure<>(
                                new Made(routed.provider(), routed.attempts()), shape.chunks(routed.value()))));
        return seat.ride()
                .flatMap(ride -> shape.fromRide(ride.audio())
                        .map(audio -> new Synthesized<>(
                                new Routed<>(
                                        ride.made().provider(),
                                        audio,
                                        ride.made().attempts()),
                                result,
                                request.characters())));
    }

    /**
     * Aboard an identical request's flight: the concurrency slot is taken, no characters. If that call fails before
     * this caller got audio, the failed calls count as this caller's attempts and it goes on down the chain on its
     * own, under its own limits, caps and permissions (API.md §9); a provider's rejection of the request itself is the
     * same answer for every twin.
     */
    private <T> Mono<Synthesized<T>> follow(
            Caller caller, TtsRequest request, Shape<T> shape, Flight<Made>.Seat seat, String key) {
        caller.atEnd().accept(seat::leave);
        return slotOnly(caller)
                .doOnError(refused -> seat.leave())
                .flatMap(reservation -> seat.ride()
                        .flatMap(ride -> shape.fromRide(ride.audio())
                                .map(audio -> new Synthesized<>(
                                        new Routed<>(ride.made().provider(), audio, List.of()),
                                        // Boarded after the call ended: complete audio, being stored, is a hit.
                                        ride.landed() ? CacheResult.HIT : CacheResult.COALESCED,
                                        0)))
                        .onErrorResume(failure -> {
                            if (failure instanceof RoutingFailure.Rejected) {
                                return Mono.error(failure);
                            }
                            List<Attempt> tried =
                                    failure instanceof RoutingFailure routing ? routing.attempts() : List.of();
                            budgets.release(reservation);
                            return lead(caller, request, shape, flights.alone(storer(key)), CacheResult.MISS, tried);
                        }));
    }

    /** The concurrency slot alone, for an answer that costs no characters; let go when the exchange ends. */
    private Mono<CharacterBudgets.Reservation> slotOnly(Caller caller) {
        Client client = caller.client();
        return budgets.reserve(client, 0, slots.claim(client.id(), client.limits()))
                .doOnNext(reservation -> caller.atEnd().accept(() -> budgets.release(reservation)));
    }

    private <T> Mono<Routed<T>> routed(Caller caller, TtsRequest request, Shape<T> shape, List<Attempt> failedAlready) {
        ElevenLabsCap.RequestAdmission admission = elevenLabsCap.admissionFor(caller.client());
        return charged(
                caller,
                request,
                admission,
                router.route(
                        routeRequest(request, caller.requestId()),
                        shape.mode(),
                        shape.call(),
                        admission,
                        failedAlready));
    }

    /**
     * Takes the request's concurrency slot and reserves its characters in one step, then routes. The slot is held
     * until the exchange has ended ({@code atEnd}: a streamed body is written long after routing). Once a provider's
     * audio is in hand the characters are spent; if routing fails, or the caller leaves first, they are refunded (with
     * the slot, in the same step) before the error answer goes out, unless an ElevenLabs call went out that ElevenLabs
     * may bill: then the client pays for it in full (API.md §4), so that hanging up or a timeout never makes paid
     * characters free.
     */
    private <T> Mono<Routed<T>> charged(
            Caller caller, TtsRequest request, ElevenLabsCap.RequestAdmission admission, Mono<Routed<T>> routing) {
        Client client = caller.client();
        Mono<CharacterBudgets.Reservation> reserved = budgets.reserve(
                        client, request.characters(), slots.claim(client.id(), client.limits()))
                .doOnNext(reservation -> caller.atEnd().accept(() -> budgets.release(reservation)));
        return charged(reserved, budgets::refund, admission, routing);
    }

    /** Reserves, then routes; refunds what was reserved when no audio came, unless ElevenLabs may bill a call. */
    private <R, T> Mono<Routed<T>> charged(
            Mono<R> reserve,
            Function<R, Mono<Void>> refunding,
            ElevenLabsCap.RequestAdmission admission,
            Mono<Routed<T>> routing) {
        return reserve.flatMap(reserved -> {
            Mono<Void> refund = Mono.defer(() -> admission.mayBeBilled() ? Mono.empty() : refunding.apply(reserved));
            // Once the audio was handed over it is spent, whatever follows: a caller that stops a stream part-way
            // (the cancel can still reach this Mono when its value is read as a stream) pays for what it took.
            AtomicBoolean handedOver = new AtomicBoolean();
            return routing.doOnNext(routed -> handedOver.set(true))
                    .doOnCancel(() -> {
                        if (!handedOver.get()) {
                            refund.subscribe();
                        }
                    })
                    .onErrorResume(error -> refund.then(Mono.error(error)));
        });
    }

    private static RouteRequest routeRequest(TtsRequest request, String requestId) {
        return new RouteRequest(
                request.text(),
                request.voiceId(),
                request.format(),
                requestId,
                request.options(),
                request.timing().withTimestamps());
    }

    /** How one kind of answer (whole or streamed) is routed, carried by a flight, and made from an entry. */
    private interface Shape<T> {

        SynthesisRouter.Mode mode();

        ProviderCall<T> call();

        /** The routed audio as a flight carries it. */
        Flux<byte[]> chunks(T routed);

        /** A passenger's audio, from its first byte, as this kind of answer. */
        Mono<T> fromRide(Flux<byte[]> audio);

        T fromEntry(byte[] audio);
    }

    private class WholeShape implements Shape<byte[]> {

        @Override
        public SynthesisRouter.Mode mode() {
            return SynthesisRouter.Mode.WHOLE;
        }

        @Override
        public ProviderCall<byte[]> call() {
            return SynthesisService.this::collect;
        }

        @Override
        public Flux<byte[]> chunks(byte[] routed) {
            return Flux.just(routed);
        }

        @Override
        public Mono<byte[]> fromRide(Flux<byte[]> audio) {
            return audio.collectList().flatMap(chunks -> {
                long size = chunks.stream().mapToLong(c -> c.length).sum();
                if (size > maxAudioBytes) {
                    return Mono.error(new ProviderFailure.BadAudio(
                            "cache", "the audio is larger than " + maxAudioBytes + " bytes"));
                }
                if (chunks.size() == 1) {
                    return Mono.just(chunks.get(0));
                }
                ByteBuffer whole = ByteBuffer.allocate((int) size);
                chunks.forEach(whole::put);
                return Mono.just(whole.array());
            });
        }

        @Override
        public byte[] fromEntry(byte[] audio) {
            return audio;
        }
    }

    /**
     * Whole audio with timestamps: the provider's JSON, checked before it is accepted, so that an answer that is not
     * ElevenLabs' shape, or has no audio, is a provider failure (fallback applies) rather than a broken answer.
     */
    private final class WholeTimedShape extends WholeShape {

        @Override
        public ProviderCall<byte[]> call() {
            return (provider, audio) -> collect(provider, audio).flatMap(answer -> {
                try {
                    byte[] lines = TimedAnswers.asLines(json, answer);
                    long audioBytes = TimedAnswers.parse(json, lines).stream()
                            .mapToLong(chunk -> chunk.audio().length)
                            .sum();
                    return audioBytes > 0
                            ? Mono.just(lines)
                            : Mono.error(new ProviderFailure.BadAudio(provider, "the answer had no audio"));
                } catch (IllegalArgumentException e) {
                    return Mono.error(new ProviderFailure.BadAudio(
                            provider, "the answer is not a timestamped answer (" + e.getMessage() + ")"));
                }
            });
        }
    }

    /**
     * A stream with timestamps: the provider's lines, each checked as it arrives (one JSON object of ElevenLabs'
     * shape, no longer than the most audio the gateway holds), passed on one line per buffer. The stream counts as
     * started at its first line with audio: a line that is not such an object, or an answer that ends before any
     * audio, is a provider failure before the first byte (fallback applies, nothing is charged); after it, such a
     * line breaks the stream.
     */
    private final class StreamTimedShape extends StreamShape {

        @Override
        public ProviderCall<Flux<DataBuffer>> call() {
            return (provider, audio) -> {
                Flux<DataBuffer> lines = checkedLines(provider, audio).map(checked -> withNewLine(checked.line()));
                return StreamStart.open(provider, lines);
            };
        }
    }

    /**
     * A provider's timestamped stream as lines, each parsed and checked as it arrives, held back until one carries
     * audio: a line that is not ElevenLabs' shape, or an answer that ends with no audio, fails the call with
     * {@code bad-audio} before its first byte (fallback applies); after it, such a line breaks the stream.
     */
    private Flux<CheckedLine> checkedLines(String provider, Flux<DataBuffer> audio) {
        return Flux.defer(() -> {
            LineSplitter splitter = new LineSplitter(maxAudioBytes);
            UntilAudio held = new UntilAudio();
            return audio.map(SynthesisService::toBytes)
                    .concatMapIterable(splitter::feed)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(splitter.finish())))
                    .map(line -> new CheckedLine(line, TimedAnswers.parseLine(json, line)))
                    .onErrorMap(
                            IllegalArgumentException.class,
                            e -> new ProviderFailure.BadAudio(
                                    provider, "a line is not a timestamped answer (" + e.getMessage() + ")"))
                    .concatMapIterable(held::pass)
                    .concatWith(Flux.defer(() -> held.started
                            ? Flux.empty()
                            : Flux.error(new ProviderFailure.BadAudio(provider, "the answer had no audio"))));
        });
    }

    /** A provider's line, and what it says, parsed once. */
    private record CheckedLine(byte[] line, TimedChunk chunk) {

        boolean hasAudio() {
            return chunk.audio().length > 0;
        }
    }

    /** Holds a stream's lines back until one carries audio, then lets them all through. One per stream, in order. */
    private static final class UntilAudio {
        private final List<CheckedLine> held = new java.util.ArrayList<>();
        private boolean started;

        List<CheckedLine> pass(CheckedLine checked) {
            if (started) {
                return List.of(checked);
            }
            held.add(checked);
            if (!checked.hasAudio()) {
                return List.of();
            }
            started = true;
            List<CheckedLine> out = List.copyOf(held);
            held.clear();
            return out;
        }
    }

    /** A line as a buffer, its new line added. */
    static DataBuffer withNewLine(byte[] line) {
        byte[] bytes = new byte[line.length + 1];
        System.arraycopy(line, 0, bytes, 0, line.length);
        bytes[line.length] = '\n';
        return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
    }

    private static class StreamShape implements Shape<Flux<DataBuffer>> {

        @Override
        public SynthesisRouter.Mode mode() {
            return SynthesisRouter.Mode.STREAM;
        }

        @Override
        public ProviderCall<Flux<DataBuffer>> call() {
            return StreamStart::open;
        }

        @Override
        public Flux<byte[]> chunks(Flux<DataBuffer> routed) {
            return routed.map(SynthesisService::toBytes);
        }

        @Override
        public Mono<Flux<DataBuffer>> fromRide(Flux<byte[]> audio) {
            return Mono.just(audio.map(DefaultDataBufferFactory.sharedInstance::wrap));
        }

        @Override
        public Flux<DataBuffer> fromEntry(byte[] audio) {
            int chunks = (audio.length + ENTRY_CHUNK - 1) / ENTRY_CHUNK;
            return Flux.range(0, chunks).map(i -> {
                int from = i * ENTRY_CHUNK;
                int length = Math.min(ENTRY_CHUNK, audio.length - from);
                return DefaultDataBufferFactory.sharedInstance.wrap(
                        ByteBuffer.wrap(audio, from, length).slice());
            });
        }
    }

    private Mono<byte[]> collect(String provider, Flux<DataBuffer> audio) {
        return DataBufferUtils.join(audio, maxAudioBytes)
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new ProviderFailure.BadAudio(
                                provider, "the audio is larger than " + maxAudioBytes + " bytes"))
                .map(SynthesisService::toBytes)
                .filter(bytes -> bytes.length > 0)
                .switchIfEmpty(Mono.error(() -> new ProviderFailure.BadAudio(provider, "the answer had no audio")));
    }

    /** A buffer's bytes; the buffer is released here, once. */
    static byte[] toBytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
