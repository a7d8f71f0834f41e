package io.ttsgateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The embedded default: no provider configured, so the gateway speaks with the offline engine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class LocalEngineIT {

    @Autowired
    WebTestClient web;

    @DynamicPropertySource
    static void onlyLocal(DynamicPropertyRegistry registry) {
        registry.add("gateway.clients.file", () -> TestClients.write().toString());
        registry.add("gateway.voices.file", () -> "../config/voices.yml");
    }

    @Test
    void shouldSpeakMp3WithTheLocalEngineWhenNothingElseIsConfigured() {
        byte[] mp3 = web.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/v1/tts")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue(
                        "{\"text\":\"Hello from the gateway. This is the offline engine.\",\"voice_id\":\"assistant\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/mpeg")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "local")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        // MPEG-1 Layer III frame sync at the start, and a couple of seconds of 128 kbps audio.
        assertThat(mp3[0] & 0xFF).isEqualTo(0xFF);
        assertThat(mp3[1] & 0xE0).isEqualTo(0xE0);
        assertThat(mp3.length).isGreaterThan(16_000);
    }

    @Test
    void shouldAlignItsOwnSpeechFromThePhonesItSpokeAndGiveVisemesFromThem() {
        String text = "Hello, mama! I owe 42 euros.";
        String answer = web.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/v1/tts/stream/with-timestamps")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"" + text + "\",\"output_format\":\"pcm_16000\",\"visemes\":\"oculus\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "local")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> lines = answer.lines().map(json::readTree).toList();

        // Two sentences, one line each; every character of the text aligned once, in order.
        StringBuilder characters = new StringBuilder();
        List<Double> starts = new ArrayList<>();
        List<String> visemes = new ArrayList<>();
        long audioBytes = 0;
        for (JsonNode line : lines) {
            line.path("alignment").path("characters").forEach(c -> characters.append(c.asString()));
            line.path("alignment").path("character_start_times_seconds").forEach(t -> starts.add(t.asDouble()));
            line.path("visemes").path("visemes").forEach(v -> visemes.add(v.asString()));
            audioBytes += Base64.getDecoder().decode(line.path("audio_base64").asString()).length;
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        assertThat(characters.toString()).isEqualTo(text);
        assertThat(starts).isSortedAccordingTo(Double::compare);
        // The second sentence's times come after the first sentence's audio (16 kHz, 2 bytes a sample).
        double firstAudio =
                Base64.getDecoder().decode(lines.get(0).path("audio_base64").asString()).length / 32000.0;
        assertThat(lines.get(1)
                        .path("alignment")
                        .path("character_start_times_seconds")
                        .get(0)
                        .asDouble())
                .isGreaterThanOrEqualTo(firstAudio - 0.001);
        // "42" was read as "forty two": the normalized alignment says so.
        assertThat(lines.get(1).path("normalized_alignment").path("characters").toString())
                .contains("\"f\",\"o\",\"r\",\"t\",\"y\"");
        // Visemes from the engine's own phones: "mama" is PP aa PP aa.
        assertThat(String.join(" ", visemes)).contains("PP aa PP aa");
        assertThat(starts.get(starts.size() - 1)).isLessThan(audioBytes / 32000.0);
    }

    @Test
    void shouldGiveTheSameAudioWithTimestampsAsWithoutAndWavWhole() {
        String body = "{\"text\":\"Same words twice. Once with timestamps.\",\"output_format\":\"pcm_16000\"}";
        WebTestClient slow =
                web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        byte[] plain = slow.post()
                .uri("/v1/tts/stream")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        String timed = slow.post()
                .uri("/v1/tts/stream/with-timestamps")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonMapper json = JsonMapper.builder().build();
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        timed.lines()
                .map(json::readTree)
                .forEach(l -> joined.writeBytes(
                        Base64.getDecoder().decode(l.path("audio_base64").asString())));
        assertThat(joined.toByteArray()).isEqualTo(plain);

        JsonNode wav = slow.post()
                .uri("/v1/tts/with-timestamps")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"A whole wave file. With its times.\",\"output_format\":\"wav_16000\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        byte[] file = Base64.getDecoder().decode(wav.path("audio_base64").asString());
        assertThat(new String(file, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("RIFF");
        StringBuilder characters = new StringBuilder();
        wav.path("alignment").path("characters").forEach(c -> characters.append(c.asString()));
        assertThat(characters.toString()).isEqualTo("A whole wave file. With its times.");
    }

    @Test
    void shouldAlignEveryCharacterOfTextWithLineBreaksAndPutEveryUtteranceOnItsAudio() {
        WebTestClient slow =
                web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        JsonMapper json = JsonMapper.builder().build();
        for (String text : List.of(
                "Hi.\nHow are you today, my friend?",
                "Hello\nworld and more, then.  Second sentence is here.",
                "Wait: we said: one, two: three.")) {
            String answer = slow.post()
                    .uri("/v1/tts/stream/with-timestamps")
                    .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                    .header("Content-Type", "application/json")
                    .bodyValue(json.writeValueAsString(
                            java.util.Map.of("text", text, "output_format", "pcm_16000", "visemes", "oculus")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            StringBuilder characters = new StringBuilder();
            double audio = 0;
            double lastVisemeEnd = 0;
            List<String> visemes = new ArrayList<>();
            for (JsonNode line : answer.lines().map(json::readTree).toList()) {
                line.path("alignment").path("characters").forEach(c -> characters.append(c.asString()));
                audio += Base64.getDecoder().decode(line.path("audio_base64").asString()).length / 32000.0;
                line.path("visemes").path("visemes").forEach(v -> visemes.add(v.asString()));
                for (JsonNode end : line.path("visemes").path("end_times_seconds")) {
                    lastVisemeEnd = end.asDouble();
                }
            }
            assertThat(characters.toString()).as(text).isEqualTo(text);
            // Phones are placed on the audio each utterance really made: the last ones ("three": TH RR ih) are
            // there and within the audio, not pushed past it and dropped.
            assertThat(lastVisemeEnd).as(text).isLessThanOrEqualTo(audio + 0.001);
            if (text.startsWith("Wait")) {
                assertThat(String.join(" ", visemes)).contains("TH RR ih");
            }
        }
    }

    @Test
    void shouldStreamPcmSentenceBySentence() {
        var result = web.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/v1/tts/stream")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue(
                        "{\"text\":\"First sentence here. Second sentence follows.\",\"output_format\":\"pcm_16000\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/pcm")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "local")
                .returnResult(DataBuffer.class);

        List<Integer> sizes = result.getResponseBody()
                .map(b -> {
                    int n = b.readableByteCount();
                    DataBufferUtils.release(b);
                    return n;
                })
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(sizes).as("one chunk per sentence at least").hasSizeGreaterThanOrEqualTo(2);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum() % 2)
                .as("whole 16-bit samples")
                .isZero();
    }

    @Test
    void shouldAnswerNoProviderAvailableNamingTheFormatWhenLocalCannotProduceIt() {
        web.post()
                .uri("/v1/tts")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"Hi\",\"output_format\":\"opus_48000_64\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .exists("Retry-After")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/no-provider-available")
                .jsonPath("$.attempts[0].provider")
                .isEqualTo("local")
                .jsonPath("$.attempts[0].outcome")
                .isEqualTo("format")
                .jsonPath("$.attempts[0].tries")
                .isEqualTo(0);
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    /** ElevenLabs' WebSocket (API.md §8) on the offline engine: every word written is spoken, and aligned. */
    @Test
    void shouldSpeakAConversationWrittenWordByWordWithItsAlignment() {
        String sent = "Good morning. Your balance is 42 dollars and 17 cents. Anything else I can do for you today?";
        java.net.URI uri = java.net.URI.create(
                "ws://127.0.0.1:" + port + "/v1/text-to-speech/assistant/stream-input?output_format=mp3_22050_32");
        StringBuilder spoken = new StringBuilder();
        long audioBytes = 0;
        boolean last = false;
        try (TestSocket socket = TestSocket.open(uri, java.util.Map.of("xi-api-key", TestClients.ALPHA_KEY))) {
            socket.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[50]}}");
            for (String word : sent.split(" ")) {
                socket.send("{\"text\":\"" + word + " \"}");
            }
            socket.send("{\"text\":\"\"}");
            String message;
            JsonMapper json = JsonMapper.builder().build();
            while (!last && (message = socket.next(Duration.ofSeconds(30))) != null) {
                JsonNode node = json.readTree(message);
                last = node.path("isFinal").asBoolean(false);
                if (!last) {
                    audioBytes += java.util.Base64.getDecoder()
                            .decode(node.path("audio").asString())
                            .length;
                    node.path("alignment").path("chars").forEach(c -> spoken.append(c.asString()));
                }
            }
            assertThat(socket.closed(Duration.ofSeconds(10)).code()).isEqualTo(1000);
        }
        assertThat(last).isTrue();
        assertThat(audioBytes).isGreaterThan(1000);
        assertThat(spoken.toString().replaceAll("\\s", "")).isEqualTo(sent.replaceAll("\\s", ""));
    }
}
