package io.ttsgateway.streaminput;

import static io.ttsgateway.testing.FakeTimestamps.chunk;
import static io.ttsgateway.testing.FakeTimestamps.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ElevenLabs' WebSocket (API.md §8) through the whole gateway, in front of fake providers that speak whatever text
 * they are sent, in two timestamped lines.
 */
class StreamInputIT extends GatewayHttpTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    /**
     * The provider speaks the text it was sent: two lines, each with its half of the characters, 0.1 s each, on one
     * clock from the start of the answer, and as much audio as that takes in 16 kHz PCM.
     */
    static FakeProvider.Behavior speaking(String body) {
        String text = JSON.readTree(body).path("text").asString();
        int[] cps = text.codePoints().toArray();
        int half = cps.length / 2;
        String first = new String(cps, 0, half);
        String second = new String(cps, half, cps.length - half);
        return lines(
                Duration.ofMillis(5), chunk(pcm(half), first, 0), chunk(pcm(cps.length - half), second, half * 0.1));
    }

    /** 0.1 s of 16 kHz 16-bit PCM per character. */
    static byte[] pcm(int characters) {
        byte[] audio = new byte[characters * 3200];
        java.util.Arrays.fill(audio, (byte) 1);
        return audio;
    }

    URI uri(String query) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/text-to-speech/voice-1/stream-input" + query);
    }

    TestSocket open(String query) {
        return TestSocket.open(uri(query), Map.of("xi-api-key", TestClients.ALPHA_KEY));
    }

    /** Every message up to the server's close, parsed. */
    static List<JsonNode> drain(TestSocket socket) {
        List<JsonNode> messages = new ArrayList<>();
        String next;
        while ((next = socket.next(WAIT)) != null) {
            JsonNode message = JSON.readTree(next);
            messages.add(message);
            if (message.path("isFinal").asBoolean(false) || message.has("error")) {
                break;
            }
        }
        return messages;
    }

    static String spoken(List<JsonNode> messages) {
        StringBuilder text = new StringBuilder();
        for (JsonNode message : messages) {
            message.path("alignment").path("chars").forEach(c -> text.append(c.asString()));
        }
        return text.toString();
    }

    @Test
    void shouldSpeakEverySegmentAndEndWithIsFinalAndANormalClose() {
        PHOENIX.alwaysFromBody(StreamInputIT::speaking);
        String sent = "Hello there, this is the first sentence. And here comes the second one! Last words";
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[20]}}");
            for (String word : sent.split(" ")) {
                socket.send("{\"text\":\"" + word + " \"}");
            }
            socket.send("{\"text\":\"\"}");

            List<JsonNode> messages = drain(socket);
            JsonNode last = messages.get(messages.size() - 1);
            assertThat(last.path("isFinal").asBoolean()).isTrue();
            assertThat(last.get("audio").isNull()).isTrue();
            List<JsonNode> audio = messages.subList(0, messages.size() - 1);
            assertThat(audio).hasSize(6).allSatisfy(message -> {
                assertThat(message.get("audio").asString()).isNotEmpty();
                assertThat(message.get("isFinal").isNull()).isTrue();
                JsonNode alignment = message.get("alignment");
                assertThat(alignment.get("chars").size())
                        .isEqualTo(alignment.get("charStartTimesMs").size())
                        .isEqualTo(alignment.get("charDurationsMs").size());
                // Relative to the chunk's own audio, as ElevenLabs sends them.
                assertThat(alignment.get("charStartTimesMs").get(0).asInt()).isZero();
            });
            assertThat(spoken(audio).replaceAll("\\s", "")).isEqualTo(sent.replaceAll("\\s", ""));
            assertThat(socket.closed(WAIT)).isEqualTo(new TestSocket.Closed(1000, ""));
        }
        assertThat(PHOENIX.requests())
                .extracting(FakeProvider.Recorded::uri)
                .allSatisfy(uri -> assertThat(uri).contains("/stream/with-timestamps"));
        assertThat(PHOENIX.requests())
                .extracting(r -> JSON.readTree(r.body()).path("text").asString())
                .containsExactly(
                        "Hello there, this is the first sentence.", "And here comes the second one!", "Last words");
        assertThat(JSON.readTree(PHOENIX.requests().get(1).body())
                        .path("previous_text")
                        .asString())
                .isEqualTo("Hello there, this is the first sentence.");
    }

    @Test
    void shouldSendTheFirstAudioBeforeTheRestOfTheTextIsWritten() {
        PHOENIX.alwaysFromBody(StreamInputIT::speaking);
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[10]}}");
            socket.send("{\"text\":\"The first sentence is here. \"}");

            String first = socket.next(WAIT);
            assertThat(first).as("audio before any more text was sent").isNotNull();
            assertThat(JSON.readTree(first).path("audio").asString()).isNotEmpty();

            socket.send("{\"text\":\"Then the rest.\"}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> rest = drain(socket);
            assertThat(spoken(rest).replaceAll("\\s", ""))
                    .isEqualTo(
                            JSON.readTree(first).path("alignment").path("chars").size() > 0
                                    ? spoken(rest).replaceAll("\\s", "")
                                    : "");
            assertThat(rest.get(rest.size() - 1).path("isFinal").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldRefuseAWrongKeyBeforeTheUpgrade() {
        assertThatThrownBy(() -> TestSocket.open(uri(""), Map.of("xi-api-key", "not-a-key")))
                .isInstanceOfSatisfying(
                        TestSocket.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> TestSocket.open(uri("?xi_api_key=" + TestClients.ALPHA_KEY), Map.of()))
                .isInstanceOfSatisfying(
                        TestSocket.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
        assertThatThrownBy(() -> TestSocket.open(uri("?inactivity_timeout=181"), Map.of()))
                .isInstanceOfSatisfying(
                        TestSocket.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(400));
    }

    @Test
    void shouldTakeTheKeyFromTheFirstMessage() {
        PHOENIX.alwaysFromBody(StreamInputIT::speaking);
        try (TestSocket socket = TestSocket.open(uri(""), Map.of())) {
            socket.send("{\"text\":\" \",\"xi_api_key\":\"" + TestClients.ALPHA_KEY + "\"}");
            socket.send("{\"text\":\"Hi there.\"}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> messages = drain(socket);
            assertThat(spoken(messages)).isEqualTo("Hi there.");
            assertThat(socket.closed(WAIT).code()).isEqualTo(1000);
        }
        try (TestSocket socket = TestSocket.open(uri(""), Map.of())) {
            socket.send("{\"text\":\" \",\"xi_api_key\":\"wrong\"}");
            JsonNode error = JSON.readTree(socket.next(WAIT));
            assertThat(error.path("error").asString()).isEqualTo("unauthenticated");
            assertThat(socket.closed(WAIT).code()).isEqualTo(1008);
        }
    }
}
