package io.ttsgateway.testing;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Answers in ElevenLabs' {@code …/with-timestamps} shapes, for fake providers. */
public final class FakeTimestamps {

    private FakeTimestamps() {}

    /** An ElevenLabs-shaped object: this audio, and {@code text}'s characters from {@code from}, 0.1 s each. */
    public static String chunk(byte[] audio, String text, double from) {
        StringBuilder chars = new StringBuilder();
        StringBuilder starts = new StringBuilder();
        StringBuilder ends = new StringBuilder();
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            String sep = i == 0 ? "" : ",";
            chars.append(sep)
                    .append('"')
                    .append(new String(Character.toChars(cps[i]))
                            .replace("\\", "\\\\")
                            .replace("\"", "\\\""))
                    .append('"');
            starts.append(sep).append(Math.round((from + i * 0.1) * 1000) / 1000.0);
            ends.append(sep).append(Math.round((from + (i + 1) * 0.1) * 1000) / 1000.0);
        }
        String alignment = "{\"characters\":[" + chars + "],\"character_start_times_seconds\":[" + starts
                + "],\"character_end_times_seconds\":[" + ends + "]}";
        return "{\"audio_base64\":\"" + Base64.getEncoder().encodeToString(audio) + "\",\"alignment\":" + alignment
                + ",\"normalized_alignment\":" + alignment + "}";
    }

    public static FakeProvider.Behavior json(String body) {
        return response ->
                response.header("Content-Type", "application/json").sendString(Mono.just(body), StandardCharsets.UTF_8);
    }

    /** NDJSON lines, each flushed on its own, {@code gap} apart. */
    public static FakeProvider.Behavior lines(Duration gap, String... lines) {
        return response -> response.header("Content-Type", "application/json")
                .send(
                        Flux.fromArray(lines)
                                .delayElements(gap)
                                .map(l -> Unpooled.wrappedBuffer((l + "\n").getBytes(StandardCharsets.UTF_8))),
                        b -> true);
    }
}
