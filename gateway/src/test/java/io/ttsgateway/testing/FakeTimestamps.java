package io.ttsgateway.testing;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Answers in ElevenLabs' {@code …/with-timestamps} shapes, for fake providers. */
public final class FakeTimestamps {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

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
    /**
     * The provider speaks the text it was sent: two lines, each with its half of the characters, 0.1 s each, on one
     * clock from the start of the answer, and as much audio as that takes in 16 kHz PCM.
     */
    public static FakeProvider.Behavior speaking(String body) {
        String text = JSON.readTree(body).path("text").asString();
        int[] cps = text.codePoints().toArray();
        int half = cps.length / 2;
        String first = new String(cps, 0, half);
        String second = new String(cps, half, cps.length - half);
        return lines(
                Duration.ofMillis(5), chunk(pcm(half), first, 0), chunk(pcm(cps.length - half), second, half * 0.1));
    }

    /** 0.1 s of 16 kHz 16-bit PCM per character. */
    public static byte[] pcm(int characters) {
        byte[] audio = new byte[characters * 3200];
        java.util.Arrays.fill(audio, (byte) 1);
        return audio;
    }
}
