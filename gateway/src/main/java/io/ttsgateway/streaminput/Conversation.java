package io.ttsgateway.streaminput;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.ttsgateway.api.ApiProblem;
import io.ttsgateway.api.TtsRequest;
import io.ttsgateway.api.Writability;
import io.ttsgateway.auth.AuthenticationFailure;
import io.ttsgateway.auth.Client;
import io.ttsgateway.budget.CharacterBudgets;
import io.ttsgateway.limits.LimitExceeded;
import io.ttsgateway.limits.SynthesisAdmission;
import io.ttsgateway.observability.RequestOutcome;
import io.ttsgateway.observability.RequestRecorder;
import io.ttsgateway.observability.TextHash;
import io.ttsgateway.routing.Attempt;
import io.ttsgateway.routing.Routed;
import io.ttsgateway.routing.RoutingFailure;
import io.ttsgateway.timing.TimedAnswers;
import io.ttsgateway.timing.TimedChunk;
import io.ttsgateway.timing.Timeline;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WebSocket conversation (API.md §8): text in as it is written, speech out segment by segment.
 *
 * <p>The flow is one chain, so a slow side slows the other instead of filling memory: frames are read into strings at
 * once (Reactor Netty releases them after delivery), each turned into the segments it completes ({@link Segmenter}),
 * and segments are spoken one after the other, each as soon as the one before it has been sent. Reading asks for one
 * frame at a time and goes on while a segment is spoken (the text that follows can still arrive), so what waits is at
 * most one segment, the text buffered towards the next, and one frame. Sending goes as fast as the client reads.
 *
 * <p>Used by one connection; its mutable state is touched in the chain's order only (one frame, then one segment, at a
 * time), except for the inactivity clock, which is read by the watch.
 */
final class Conversation {

    static final String ENDPOINT = "stream-input";

    /**
     * How long a conversation opened without credentials may take to send the first message that carries them (or its
     * inactivity timeout, when shorter): an unauthenticated socket holds no slot and took no rate token, so it must not
     * linger.
     */
    static final Duration FIRST_MESSAGE_DEADLINE = Duration.ofSeconds(10);

    private static final CharacterBudgets.Reservation CLOSED =
            new CharacterBudgets.Reservation(null, List.of(), 0, null);

    private static final Logger log = LoggerFactory.getLogger(Conversation.class);

    /** What one segment did, for its log line. */
    private static final class SegmentRecord {
        final int index;
        final String textSha256;
        final int chars;
        final long started = System.nanoTime();
        volatile Routed<?> routed;
        volatile long firstByteNanos = -1;
        volatile long bytes;
        volatile Throwable failure;

        SegmentRecord(int index, String text, int chars) {
            this.index = index;
            this.textSha256 = TextHash.sha256(text);
            this.chars = chars;
        }
    }

    /** Something the input asks for: a segment to speak, or the end of it all. */
    private sealed interface Cue {
        record Speak(String text) implements Cue {}

        record End() implements Cue {}
    }

    private final StreamInput deps;
    private final StreamInputSettings settings;
    private final String requestId;
    private final Replies replies;
    private final AtomicInteger busy = new AtomicInteger();
    private final Writability writability;
    private volatile long lastInput = System.nanoTime();

    /** Set once the client is known: at the upgrade, or at its first message (read by the watch, on a timer). */
    private volatile Client client;
    /** The concurrency slot; {@link #CLOSED} once the conversation ended, so a slot landing after that is let go. */
    private final AtomicReference<CharacterBudgets.Reservation> slot = new AtomicReference<>();

    private final long opened = System.nanoTime();
    private volatile boolean inputEnded;
    private boolean configured;
    private Segmenter segmenter;
    private ObjectNode voiceSettings;
    private String preferred;
    private String previousText = "";
    private int segments;

    /**
     * @param client the client, when the upgrade request carried its key or token; else the first message must
     * @param slot the concurrency slot taken before the upgrade, with the client
     */
    Conversation(
            StreamInput deps,
            StreamInputSettings settings,
            String requestId,
            Client client,
            CharacterBudgets.Reservation slot,
            Writability writability) {
        this.deps = deps;
        this.settings = settings;
        this.requestId = requestId;
        this.replies = new Replies(deps.json());
        this.client = client;
        this.slot.set(slot);
        this.writability = writability;
    }

    Mono<Void> run(WebSocketSession session) {
        AtomicReference<ConversationEnd> ending = new AtomicReference<>();
        Sinks.Empty<Void> inputDone = Sinks.empty();
        // Reading is never cancelled: Reactor Netty answers a cancelled read with a close frame at once, which would
        // cut off the last segment. The conversation stops taking frames at the end of its input, and the close that
        // follows its last message ends the read.
        Flux<Frame> frames = session.receive()
                .doOnNext(message -> lastInput = System.nanoTime())
                // Pings are answered by Reactor Netty; an unsolicited pong is a heartbeat (RFC 6455 §5.5.3): it keeps
                // the conversation alive, and is not a message of the protocol.
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT
                        || message.getType() == WebSocketMessage.Type.BINARY)
                .map(Frame::of)
                .doFinally(signal -> inputDone.tryEmitEmpty())
                .publish(1)
                .autoConnect();
        Flux<String> replies = frames.mergeWith(watch().takeUntilOther(inputDone.asMono()))
                .concatMap(this::cues, 1)
                .takeUntil(cue -> {
                    inputEnded = cue instanceof Cue.End;
                    return inputEnded;
                })
                .concatMap(this::answer, 1)
                .onErrorResume(error -> {
                    ConversationEnd end = ending(error);
                    ending.set(end);
                    // A client that left gets no message: nothing could carry it.
                    return end.isClientGone() ? Mono.empty() : Mono.just(this.replies.error(end));
                });
        // Each message waits until the connection can take it: Reactor Netty would otherwise take up to 128 ahead
        // and queue them in memory for a client that reads nothing, while the provider's stream went on.
        Flux<WebSocketMessage> gated = replies.concatMap(
                reply -> writability.whenWritable().then(Mono.fromSupplier(() -> session.textMessage(reply))), 0);
        return session.send(gated)
                .then(Mono.defer(() -> session.close(
                        ending.get() == null ? CloseStatus.NORMAL : ending.get().status())))
                .doFinally(signal -> {
                    CharacterBudgets.Reservation held = slot.getAndSet(CLOSED);
                    if (held != null && held != CLOSED) {
                        deps.budgets().release(held);
                    }
                    ConversationEnd end = ending.get();
                    boolean normal = end == null && inputEnded && signal == SignalType.ON_COMPLETE;
                    deps.recorder()
                            .recordClose(
                                    ENDPOINT,
                                    end != null ? end.code() : CloseStatus.NORMAL.getCode(),
                                    end != null ? end.reason() : normal ? "normal" : "client_left");
                });
    }

    /**
     * A frame, read before Reactor Netty releases it: its text, or null for a frame of another kind. A frame is
     * judged later, in the conversation's order: an error thrown while reading would cancel the read, and Reactor
     * Netty would close the connection before the error message went out.
     */
    private record Frame(String text) {

        static Frame of(WebSocketMessage message) {
            return new Frame(message.getType() == WebSocketMessage.Type.TEXT ? message.getPayloadAsText() : null);
        }
    }

    /**
     * Fails the conversation when no text came for the inactivity timeout while nothing was being spoken, and, once the
     * gateway is shutting down, as soon as nothing is being spoken: a conversation may last for ever (pipecat keeps one
     * per session), and its client reconnects, to another replica, rather than holding the shutdown for its grace.
     */
    private Flux<Frame> watch() {
        Duration timeout = settings.inactivity();
        Duration firstMessageDeadline =
                timeout.compareTo(FIRST_MESSAGE_DEADLINE) < 0 ? timeout : FIRST_MESSAGE_DEADLINE;
        Duration every = timeout.compareTo(Duration.ofSeconds(4)) < 0 ? Duration.ofMillis(250) : Duration.ofSeconds(1);
        return Flux.interval(every).handle((tick, sink) -> {
            if (busy.get() > 0) {
                return;
            }
            if (deps.draining().getAsBoolean()) {
                sink.error(ConversationEnd.goingAway());
            } else if (client == null && System.nanoTime() - opened > firstMessageDeadline.toNanos()) {
                sink.error(ConversationEnd.unauthenticated(
                        "no first message with a client key within " + firstMessageDeadline.toSeconds() + " seconds"));
            } else if (System.nanoTime() - lastInput > timeout.toNanos()) {
                sink.error(ConversationEnd.inactive(timeout.toSeconds()));
            }
        });
    }

    private Flux<Cue> cues(Frame frame) {
        if (frame.text() == null) {
            // Binary frames are not ElevenLabs' protocol.
            return Flux.error(ConversationEnd.invalid("messages must be JSON text frames"));
        }
        InputMessage message = InputMessage.parse(deps.json(), frame.text());
        if (!configured) {
            return configure(message).thenMany(Flux.defer(() -> cuesOf(message)));
        }
        return cuesOf(message);
    }

    /** The first message: the key when the upgrade had none, the voice settings and the schedule. */
    private Mono<Void> configure(InputMessage first) {
        configured = true;
        segmenter = new Segmenter(first.schedule().orElse(StreamInput.DEFAULT_SCHEDULE), deps.maxTextChars());
        first.voiceSettings().ifPresent(settings -> voiceSettings = (ObjectNode) settings);
        // Checked now, so that a bad voice setting ends the conversation before any text is spoken.
        try {
            deps.segments().request(settings.body("-", voiceSettings, null));
        } catch (ApiProblem problem) {
            return Mono.error(ConversationEnd.invalid(detail(problem)));
        }
        if (client != null) {
            return Mono.empty();
        }
        if (first.key().isEmpty()) {
            return refused(
                    null,
                    new AuthenticationFailure(
                            "a client key is required: the xi-api-key header, ?token= or xi_api_key in the first message"));
        }
        Client found;
        try {
            found = deps.authenticator().byKey(first.key().get());
        } catch (AuthenticationFailure e) {
            return refused(null, e);
        }
        return deps.admission()
                .consumeRate(found.id(), found.limits())
                .flatMap(rate -> rate.allowed()
                        ? deps.budgets().reserve(found, 0, deps.admission().claim(found.id(), found.limits()))
                        : Mono.error(SynthesisAdmission.rateLimited(found.limits(), rate)))
                .doOnNext(reservation -> {
                    client = found;
                    if (!slot.compareAndSet(null, reservation)) {
                        deps.budgets().release(reservation); // the conversation ended meanwhile
                    }
                })
                .onErrorResume(LimitExceeded.class, limit -> refused(found, limit))
                .then();
    }

    /**
     * A conversation refused at its first message, as an upgrade request refused before it would have been: one
     * access-log line and the rejection counted (API.md §5), then the error message and the close.
     */
    private <T> Mono<T> refused(Client who, RuntimeException refusal) {
        ApiProblem problem = ApiProblem.from(refusal);
        deps.recorder()
                .recordRefusal(new RequestRecorder.Refusal(
                        requestId,
                        who == null ? null : who.id(),
                        ENDPOINT,
                        problem.status(),
                        problem.slug(),
                        System.nanoTime() - opened));
        return Mono.error(ending(refusal));
    }

    private Flux<Cue> cuesOf(InputMessage message) {
        // The first message's text is ElevenLabs' " ", white space the segmenter skips; anything more is spoken.
        List<String> ready = new ArrayList<>(segmenter.add(message.text()));
        if (message.flush() || message.ends()) {
            ready.addAll(segmenter.flush());
        }
        Flux<Cue> spoken = Flux.fromIterable(ready).map(Cue.Speak::new);
        return message.ends() ? spoken.concatWith(Mono.just(new Cue.End())) : spoken;
    }

    private Flux<String> answer(Cue cue) {
        return cue instanceof Cue.Speak speak ? speak(speak.text()) : Flux.just(replies.last());
    }

    private Flux<String> speak(String text) {
        int chars = text.codePointCount(0, text.length());
        SegmentRecord record = new SegmentRecord(++segments, text, chars);
        String previous = previousText;
        previousText = tail(previous.isEmpty() ? text : previous + " " + text);
        TtsRequest request;
        try {
            request = deps.segments().request(settings.body(text, voiceSettings, previous));
        } catch (ApiProblem problem) {
            return Flux.error(ConversationEnd.invalid(detail(problem)));
        }
        return Mono.defer(() -> {
                    busy.incrementAndGet();
                    return deps.segments().speak(client, requestId, request, preferred);
                })
                .flatMapMany(routed -> {
                    record.routed = routed;
                    if (preferred == null) {
                        // The conversation keeps the voice of its first segment while that provider works.
                        preferred = routed.provider();
                    }
                    return placed(request, routed.value(), record);
                })
                .doOnError(error -> record.failure = error)
                .onErrorMap(error -> segmentEnd(error, record))
                .doFinally(signal -> {
                    busy.decrementAndGet();
                    lastInput = System.nanoTime();
                    recordSegment(record, signal);
                });
    }

    /**
     * The segment's chunks as ElevenLabs' messages: times relative to each message's own audio. A provider chunk with
     * alignment and no audio is held and joined to the next one with audio, so every audio message has audio (clients
     * tell audio messages by it); only alignment left at the very end of a segment goes out with empty audio, rather
     * than losing characters.
     */
    private Flux<String> placed(TtsRequest request, Flux<TimedChunk> chunks, SegmentRecord record) {
        Timeline timeline = new Timeline(TimedAnswers.duration(request.format()));
        AtomicReference<TimedChunk> held = new AtomicReference<>();
        Flux<String> messages = chunks.handle((chunk, sink) -> {
            TimedChunk placed = timeline.place(chunk);
            if (chunk.audio().length == 0) {
                if (!placed.alignment().isEmpty() || !placed.normalized().isEmpty()) {
                    TimedChunk before = held.get();
                    held.set(before == null ? placed : joined(before, placed));
                }
                return;
            }
            TimedChunk before = held.getAndSet(null);
            if (record.firstByteNanos < 0) {
                record.firstByteNanos = System.nanoTime() - record.started;
            }
            record.bytes += chunk.audio().length;
            sink.next(replies.audio(before == null ? placed : joined(before, placed), timeline.lastStart()));
        });
        return messages.concatWith(Mono.fromSupplier(() -> {
            TimedChunk rest = held.getAndSet(null);
            return rest == null ? null : replies.audio(rest, timeline.lastStart());
        }));
    }

    /** Two chunks as one: the first's alignment (it has no audio) before the second's. */
    private static TimedChunk joined(TimedChunk first, TimedChunk second) {
        return new TimedChunk(
                second.audio(),
                first.alignment().then(second.alignment()),
                first.normalized().then(second.normalized()),
                first.phones().then(second.phones()));
    }

    /** {@code previous_text} for the next segment: the conversation's last words, as many as a request may carry. */
    private String tail(String text) {
        int length = text.codePointCount(0, text.length());
        return length <= deps.maxTextChars()
                ? text
                : text.substring(text.offsetByCodePoints(0, length - deps.maxTextChars()));
    }

    /** How a segment's failure ends the conversation (API.md §8). */
    private static ConversationEnd segmentEnd(Throwable error, SegmentRecord record) {
        if (error instanceof ConversationEnd end) {
            return end;
        }
        if (record.firstByteNanos >= 0) {
            return ConversationEnd.upstream(
                    "upstream_failed", "the provider's audio stopped part-way through a segment; nothing more follows");
        }
        if (error instanceof LimitExceeded limit) {
            return ConversationEnd.limited(
                    limit.slug().equals("budget-exhausted")
                            ? "quota_exceeded"
                            : limit.slug().replace('-', '_'),
                    limit.getMessage());
        }
        if (error instanceof RoutingFailure.Exhausted exhausted && capsAlone(exhausted.attempts())) {
            return ConversationEnd.limited(
                    "quota_exceeded", ApiProblem.from(error).detail());
        }
        if (error instanceof RoutingFailure.Rejected) {
            // The provider refused the segment itself (its text, a setting): the client's to change, as a 422 is.
            return ending(error);
        }
        if (error instanceof RoutingFailure) {
            return ConversationEnd.upstream(
                    "upstream_failed", ApiProblem.from(error).detail());
        }
        return ending(error);
    }

    /**
     * Whether a cap kept the segment from being served: no provider was called (none failed), and an ElevenLabs cap
     * refused the one that could have served it.
     */
    private static boolean capsAlone(List<Attempt> attempts) {
        return attempts.stream().noneMatch(Attempt::called)
                && attempts.stream().anyMatch(a -> a.outcome().startsWith("cap:"));
    }

    private static ConversationEnd ending(Throwable error) {
        if (error instanceof ConversationEnd end) {
            return end;
        }
        if (error instanceof IOException
                || error instanceof AbortedException
                || error instanceof PrematureCloseException) {
            return ConversationEnd.clientLeft();
        }
        if (error instanceof TooLongFrameException
                || error instanceof CorruptedWebSocketFrameException corrupted
                        && corrupted.closeStatus().code() == CloseStatus.TOO_BIG_TO_PROCESS.getCode()) {
            return ConversationEnd.tooLarge();
        }
        ApiProblem problem = ApiProblem.from(error);
        if (problem.status() < 500) {
            return ConversationEnd.limited(problem.slug().replace('-', '_'), problem.detail());
        }
        if (problem.slug().equals("internal-error")) {
            log.error("conversation failed", error);
            return ConversationEnd.internal();
        }
        return ConversationEnd.upstream(problem.slug().replace('-', '_'), problem.detail());
    }

    private void recordSegment(SegmentRecord record, SignalType signal) {
        Routed<?> routed = record.routed;
        Throwable failure = record.failure;
        boolean started = record.firstByteNanos >= 0;
        int status = failure == null || started ? 200 : ApiProblem.from(failure).status();
        String problem =
                failure == null || started ? null : ApiProblem.from(failure).slug();
        List<Attempt> attempts = routed != null
                ? routed.attempts()
                : failure instanceof RoutingFailure routing ? routing.attempts() : List.of();
        deps.recorder()
                .recordSegment(new RequestRecorder.Segment(
                        requestId,
                        record.index,
                        client == null ? null : client.id(),
                        ENDPOINT,
                        routed == null ? null : routed.provider(),
                        attempts,
                        record.chars,
                        record.textSha256,
                        status,
                        // A segment refused (its budget) before anything started is rejected, not failed.
                        RequestOutcome.of(
                                status,
                                !started && status >= 400 && status < 500 ? SignalType.ON_COMPLETE : signal,
                                started),
                        problem,
                        record.firstByteNanos,
                        System.nanoTime() - record.started,
                        record.bytes,
                        true,
                        failure == null ? null : failure.getClass().getSimpleName()));
    }

    private static String detail(ApiProblem problem) {
        Object errors = problem.extras().get("errors");
        return errors == null ? problem.detail() : problem.detail() + ": " + errors;
    }
}
