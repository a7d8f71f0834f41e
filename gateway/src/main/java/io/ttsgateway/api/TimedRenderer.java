package io.ttsgateway.api;

import io.ttsgateway.timing.Alignment;
import io.ttsgateway.timing.LineSplitter;
import io.ttsgateway.timing.Pronouncer;
import io.ttsgateway.timing.TimedAnswers;
import io.ttsgateway.timing.TimedChunk;
import io.ttsgateway.timing.Timeline;
import io.ttsgateway.timing.VisemeTrack;
import io.ttsgateway.timing.Visemes;
import java.util.Base64;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answers of the {@code …/with-timestamps} endpoints (API.md §7), from what a provider sent on its own
 * timestamps path: times made absolute on one timeline, and visemes when asked for (from the normalized alignment
 * when the provider sends one: digits and abbreviations are spelled out there).
 */
final class TimedRenderer {

    private final ObjectMapper json;
    private final Pronouncer pronouncer;
    private final int maxLine;

    /** @param maxLine the longest line a provider may send (its audio in base64 and its alignment) */
    TimedRenderer(ObjectMapper json, Pronouncer pronouncer, int maxLine) {
        this.json = json;
        this.pronouncer = pronouncer;
        this.maxLine = maxLine;
    }

    /** One JSON object: the whole audio, its alignments and, when asked for, its visemes. */
    byte[] whole(TtsRequest request, byte[] answer) {
        Timeline timeline = new Timeline(TimedAnswers.duration(request.format()));
        TimedChunk all = TimedAnswers.join(
                TimedAnswers.parse(json, answer).stream().map(timeline::place).toList());
        Visemes visemes = !visemesAsked(request)
                ? null
                : all.phones().isEmpty()
                        ? new VisemeTrack(pronouncer).whole(spoken(all))
                        : Visemes.ofPhones(all.phones());
        return json.writeValueAsBytes(object(all, visemes));
    }

    /**
     * One line per provider line, each written as soon as it is made. When visemes are asked for, a word's visemes
     * come in the line where the word ends; the last word's, in a last line without audio.
     */
    Flux<DataBuffer> lines(TtsRequest request, Flux<DataBuffer> answer) {
        return Flux.defer(() -> {
            Timeline timeline = new Timeline(TimedAnswers.duration(request.format()));
            VisemeTrack track = visemesAsked(request) ? new VisemeTrack(pronouncer) : null;
            LineSplitter splitter = new LineSplitter(maxLine);
            Flux<ObjectNode> lines = answer.map(SynthesisService::toBytes)
                    .concatMapIterable(splitter::feed)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(splitter.finish())))
                    .map(line -> timeline.place(TimedAnswers.parseLine(json, line)))
                    .map(chunk -> object(chunk, visemes(track, chunk)));
            Mono<ObjectNode> last = Mono.fromSupplier(() -> {
                Visemes rest = track == null ? null : track.finish();
                return rest == null || rest.isEmpty()
                        ? null
                        : object(new TimedChunk(new byte[0], Alignment.EMPTY, Alignment.EMPTY), rest);
            });
            return lines.concatWith(last).map(this::line);
        });
    }

    private DataBuffer line(ObjectNode object) {
        return SynthesisService.withNewLine(json.writeValueAsBytes(object));
    }

    private static ObjectNode object(TimedChunk chunk, Visemes visemes) {
        ObjectNode node = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.put("audio_base64", Base64.getEncoder().encodeToString(chunk.audio()));
        node.set(
                "alignment",
                chunk.alignment().isEmpty() ? null : chunk.alignment().toJson());
        node.set(
                "normalized_alignment",
                chunk.normalized().isEmpty() ? null : chunk.normalized().toJson());
        if (visemes != null && !visemes.isEmpty()) {
            node.set("visemes", visemes.toJson());
        }
        return node;
    }

    /** A line's visemes: from the phones when the provider gave them (the local engine), else from its words. */
    private static Visemes visemes(VisemeTrack track, TimedChunk chunk) {
        if (track == null) {
            return null;
        }
        return chunk.phones().isEmpty() ? track.add(spoken(chunk)) : Visemes.ofPhones(chunk.phones());
    }

    /** What the mouth follows: the normalized alignment when there is one ("5" spoken as "five"). */
    private static Alignment spoken(TimedChunk chunk) {
        return chunk.normalized().isEmpty() ? chunk.alignment() : chunk.normalized();
    }

    private static boolean visemesAsked(TtsRequest request) {
        return request.timing() == TtsRequest.Timing.TIMESTAMPS_AND_VISEMES;
    }
}
