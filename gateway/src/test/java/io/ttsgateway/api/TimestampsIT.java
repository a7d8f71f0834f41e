package io.ttsgateway.api;

import static io.ttsgateway.testing.FakeTimestamps.chunk;
import static io.ttsgateway.testing.FakeTimestamps.json;
import static io.ttsgateway.testing.FakeTimestamps.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.timing.Oculus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audio with timestamps and visemes (API.md §7), from fake providers that answer on their own {@code …/with-timestamps}
 * paths in ElevenLabs' shapes.
 */
class TimestampsIT extends GatewayHttpTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldAnswerOneJsonObjectFromTheProvidersTimestampsPath() {
        byte[] audio = "ID3-mama".getBytes();
        PHOENIX.always(json(chunk(audio, "mama", 0)));

        JsonNode answer = post("/v1/tts/with-timestamps")
                .bodyValue("{\"text\":\"mama\",\"visemes\":\"oculus\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("application/json")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix")
                .expectHeader()
                .valueEquals("X-TTS-Characters", "4")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(PHOENIX.requests().get(0).uri()).startsWith("/v1/text-to-speech/ph-narrator-1/with-timestamps?");
        assertThat(Base64.getDecoder().decode(answer.path("audio_base64").asString()))
                .isEqualTo(audio);
        assertThat(strings(answer.path("alignment").path("characters"))).containsExactly("m", "a", "m", "a");
        assertThat(strings(answer.path("visemes").path("visemes"))).containsExactly("PP", "aa", "PP", "aa");
        assertThat(answer.path("visemes").path("set").asString()).isEqualTo("oculus");
    }

    @Test
    void shouldLeaveVisemesOutUnlessAskedAndRefuseAnUnknownSet() {
        PHOENIX.always(json(chunk("a".getBytes(), "hi", 0)));
        JsonNode answer = post("/v1/tts/with-timestamps")
                .bodyValue("{\"text\":\"hi\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer.has("visemes")).isFalse();

        post("/v1/tts/with-timestamps")
                .bodyValue("{\"text\":\"hi\",\"visemes\":\"preston-blair\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("visemes");
        post("/v1/tts/stream/with-timestamps")
                .bodyValue("{\"text\":\"hi\",\"output_format\":\"wav_16000\"}")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void shouldStreamOneLinePerChunkWithAbsoluteTimesAndWordsWholeWhereTheyEnd() {
        // pcm_16000: 32,000 bytes a second. Each provider chunk restarts its clock; "mama" is cut by the boundary.
        byte[] first = new byte[9600]; // 0.3 s
        byte[] second = new byte[16000]; // 0.5 s
        Arrays.fill(first, (byte) 1);
        Arrays.fill(second, (byte) 2);
        PHOENIX.always(lines(Duration.ofMillis(100), chunk(first, "ma ", 0), chunk(second, "mama five", 0)));

        List<JsonNode> lines =
                streamLines("{\"text\":\"ma mama five\",\"output_format\":\"pcm_16000\"," + "\"visemes\":\"oculus\"}");

        assertThat(PHOENIX.requests().get(0).uri())
                .startsWith("/v1/text-to-speech/ph-narrator-1/stream/with-timestamps?output_format=pcm_16000");
        // The lines' audio joined is the audio.
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        lines.forEach(l -> audio.writeBytes(
                Base64.getDecoder().decode(l.path("audio_base64").asString())));
        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertThat(audio.toByteArray()).isEqualTo(expected);
        // The second chunk's times start where its audio does: after 0.3 s.
        assertThat(lines.get(1)
                        .path("alignment")
                        .path("character_start_times_seconds")
                        .get(0)
                        .asDouble())
                .isEqualTo(0.3);
        // Times never decrease, across lines.
        double previous = 0;
        for (JsonNode line : lines) {
            for (JsonNode t : line.path("alignment").path("character_start_times_seconds")) {
                assertThat(t.asDouble()).isGreaterThanOrEqualTo(previous);
                previous = t.asDouble();
            }
        }
        // "ma" ends in the first line; "mama" in the second; "five" only at the end, in a last line without audio.
        assertThat(strings(lines.get(0).path("visemes").path("visemes"))).containsExactly("PP", "aa");
        assertThat(strings(lines.get(1).path("visemes").path("visemes")))
                .containsExactly("sil", "PP", "aa", "PP", "aa");
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.path("audio_base64").asString()).isEmpty();
        assertThat(strings(last.path("visemes").path("visemes"))).containsExactly("sil", "FF", "aa", "FF");
        lines.stream()
                .flatMap(l -> strings(l.path("visemes").path("visemes")).stream())
                .forEach(v -> assertThat(Oculus.VISEMES).contains(v));
    }

    @Test
    void shouldFallBackBeforeTheFirstByteLikeThePlainStream() {
        PHOENIX.always(Behavior.error(503, "busy", "busy"));
        ELEVENLABS.always(lines(Duration.ZERO, chunk("el".getBytes(), "hi", 0)));

        List<JsonNode> lines = streamLines("{\"text\":\"hi\"}");

        assertThat(lines).hasSize(1);
        assertThat(ELEVENLABS.requests().get(0).uri()).contains("/stream/with-timestamps");
    }

    @Test
    void shouldFallBackWhenAStreamsLinesAreNotTimestampedAudioOrNoneHasAudio() {
        ELEVENLABS.always(lines(Duration.ZERO, chunk("el".getBytes(), "hi", 0)));
        String mismatched = "{\"audio_base64\":\"AAAA\",\"alignment\":{\"characters\":[\"h\",\"i\"],"
                + "\"character_start_times_seconds\":[0],\"character_end_times_seconds\":[0.1]}}";
        String noAudio = "{\"audio_base64\":\"\",\"alignment\":{\"characters\":[\"h\"],"
                + "\"character_start_times_seconds\":[0],\"character_end_times_seconds\":[0.1]}}";
        for (Behavior broken : List.of(
                lines(Duration.ZERO, "this is not json"),
                lines(Duration.ZERO, mismatched),
                lines(Duration.ZERO, noAudio, noAudio),
                json("{\"audio_base64\":\"not base64 at all!\"}"))) {
            PHOENIX.always(broken);
            post("/v1/tts/stream/with-timestamps")
                    .header("Cache-Control", "no-store")
                    .bodyValue("{\"text\":\"hi\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-TTS-Provider", "elevenlabs")
                    .expectHeader()
                    .valueEquals("X-TTS-Fallback-Reasons", "phoenix=bad-audio");
        }
        // Lines without audio before the first with audio are kept, in order.
        PHOENIX.always(lines(Duration.ZERO, noAudio, chunk("ph".getBytes(), "i", 0.1)));
        List<JsonNode> kept = streamLines("{\"text\":\"hi\"}");
        assertThat(kept).hasSize(2);
        assertThat(kept.get(0).path("audio_base64").asString()).isEmpty();
    }

    @Test
    void shouldFailOverWhenAWholeAnswerIsNotTimestampedAudio() {
        PHOENIX.always(json("{\"detail\":\"not what was asked\"}"));
        ELEVENLABS.always(json(chunk("el".getBytes(), "hi", 0)));

        post("/v1/tts/with-timestamps")
                .bodyValue("{\"text\":\"hi\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-From", "phoenix");
    }

    @Test
    void shouldBreakTheStreamWhenTheProviderFailsMidStream() {
        PHOENIX.always(response -> response.header("Content-Type", "application/json")
                .send(
                        Flux.just(Unpooled.wrappedBuffer((chunk("a".getBytes(), "hi", 0) + "\n").getBytes()))
                                .concatWith(
                                        Mono.delay(Duration.ofMillis(100)).then(Mono.error(new IOException("reset")))),
                        b -> true));

        var result = post("/v1/tts/stream/with-timestamps")
                .bodyValue("{\"text\":\"hi there\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class);
        List<Throwable> errors = new ArrayList<>();
        result.getResponseBody()
                .onErrorResume(e -> {
                    errors.add(e);
                    return Mono.empty();
                })
                .blockLast(Duration.ofSeconds(10));
        assertThat(errors).isNotEmpty();
    }

    @Test
    void shouldAnswerTheElevenLabsSurfacesTimestampPathsInElevenLabsShapes() {
        PHOENIX.always(json(chunk("ID3-mama".getBytes(), "mama", 0)));
        JsonNode whole = elevenLabs(
                        "/v1/text-to-speech/narrator/with-timestamps?output_format=mp3_44100_128&visemes=oculus",
                        "{\"text\":\"mama\"}")
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(whole.has("audio_base64")).isTrue();
        assertThat(whole.path("alignment").has("character_start_times_seconds")).isTrue();
        assertThat(strings(whole.path("visemes").path("visemes"))).containsExactly("PP", "aa", "PP", "aa");

        PHOENIX.always(lines(Duration.ZERO, chunk("a".getBytes(), "ma", 0), chunk("b".getBytes(), "ma", 0.2)));
        String streamed = elevenLabs("/v1/text-to-speech/narrator/stream/with-timestamps", "{\"text\":\"mama\"}")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        List<JsonNode> lines = streamed.lines().map(JSON::readTree).toList();
        assertThat(lines)
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.has("visemes")).isFalse());
        assertThat(PHOENIX.requests().get(1).uri()).contains("/stream/with-timestamps");

        // Errors in ElevenLabs' shape.
        elevenLabs("/v1/text-to-speech/narrator/with-timestamps?visemes=disney", "{\"text\":\"mama\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail.status")
                .exists();
    }

    @Test
    void shouldPreferTheNormalizedAlignmentForVisemes() {
        // "5" as written, "five" as spoken: the mouth follows what was spoken.
        String written = chunk("a".getBytes(), "5", 0);
        String spoken = chunk("a".getBytes(), "five", 0);
        String line = written.substring(0, written.indexOf(",\"normalized_alignment\""))
                + spoken.substring(spoken.indexOf(",\"normalized_alignment\""));
        PHOENIX.always(json(line));

        JsonNode answer = post("/v1/tts/with-timestamps")
                .bodyValue("{\"text\":\"5\",\"visemes\":\"oculus\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(strings(answer.path("alignment").path("characters"))).containsExactly("5");
        assertThat(strings(answer.path("visemes").path("visemes"))).containsExactly("FF", "aa", "FF");
    }

    @Test
    void shouldRetryAWholeAnswerLikeThePlainEndpoint() {
        PHOENIX.then(Behavior.error(503, "busy", "busy")).always(json(chunk("a".getBytes(), "hi", 0)));

        post("/v1/tts/with-timestamps")
                .bodyValue("{\"text\":\"hi\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix");
        assertThat(PHOENIX.speechCalls()).isEqualTo(2);
    }

    @Test
    void shouldCountTheTimestampEndpointsUnderTheirOwnEndpointTag() {
        PHOENIX.always(json(chunk("a".getBytes(), "hi", 0)));
        post("/v1/tts/with-timestamps")
                .bodyValue("{\"text\":\"hi\"}")
                .exchange()
                .expectStatus()
                .isOk();
        PHOENIX.always(lines(Duration.ZERO, chunk("a".getBytes(), "hi", 0)));
        streamLines("{\"text\":\"hi\"}");

        String metrics = web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics)
                .contains(
                        "tts_requests_total{endpoint=\"/v1/tts/with-timestamps\",outcome=\"ok\",provider=\"phoenix\"}")
                .contains("tts_requests_total{endpoint=\"/v1/tts/stream/with-timestamps\",outcome=\"ok\","
                        + "provider=\"phoenix\"}");
    }

    /** A request on the ElevenLabs surface, key in {@code xi-api-key}. */
    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec elevenLabs(
            String uri, String body) {
        return web.post()
                .uri(uri)
                .header("xi-api-key", io.ttsgateway.testing.TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange();
    }

    private List<JsonNode> streamLines(String body) {
        String answer = post("/v1/tts/stream/with-timestamps")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("application/x-ndjson")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return answer.lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
