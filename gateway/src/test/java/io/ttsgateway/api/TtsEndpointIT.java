package io.ttsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.FakeProvider.Recorded;
import io.ttsgateway.testing.GatewayHttpTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtsEndpointIT extends GatewayHttpTest {

    @Test
    void shouldReturnWholeAudioWithContractHeadersWhenPhoenixAnswers() {
        PHOENIX.then(Behavior.chunks(Duration.ofMillis(20), bytes("ID3-"), bytes("audio")));

        byte[] body = post("/v1/tts")
                .header("X-Request-Id", "req-123")
                .bodyValue("{\"text\":\"  Hello there  \",\"voice_id\":\"narrator\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/mpeg")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix")
                .expectHeader()
                .valueEquals("X-TTS-Characters", "11")
                .expectHeader()
                .valueEquals("X-TTS-Cache", "BYPASS") // TTS_CACHE=off in this test's gateway
                .expectHeader()
                .valueEquals("X-Request-Id", "req-123")
                .expectHeader()
                .valueEquals("Content-Length", "9")
                .expectHeader()
                .doesNotExist("X-TTS-Fallback-From")
                .expectHeader()
                .doesNotExist("Content-Encoding")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("ID3-audio");
        Recorded call = PHOENIX.requests().get(0);
        assertThat(call.uri()).isEqualTo("/v1/text-to-speech/ph-narrator-1?output_format=mp3_44100_128");
        assertThat(call.headers())
                .containsEntry("X-Request-Id", "req-123")
                .containsEntry("Authorization", "Bearer phoenix-secret-value");
        assertThat(call.body()).contains("\"text\":\"Hello there\"");
    }

    @Test
    void shouldMapTheVoicePerProviderAndPassOptionsThroughWhenFallingBack() {
        PHOENIX.always(Behavior.error(503, "busy", "try later"));

        post("/v1/tts")
                .bodyValue("""
                        {"text":"Hi","voice_id":"narrator","model_id":"eleven_multilingual_v2",
                         "output_format":"pcm_16000","voice_settings":{"stability":0.5,"similarity_boost":0.75},
                         "language_code":"en","seed":42,"apply_text_normalization":"off"}""")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/pcm")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-From", "phoenix");

        Recorded call = ELEVENLABS.requests().get(0);
        assertThat(call.uri()).isEqualTo("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM?output_format=pcm_16000");
        assertThat(call.headers())
                .containsEntry("xi-api-key", "el-secret-api-key")
                .doesNotContainKey("Authorization");
        assertThat(call.body())
                .contains(
                        "\"model_id\":\"eleven_multilingual_v2\"",
                        "\"stability\":0.5",
                        "\"language_code\":\"en\"",
                        "\"seed\":42",
                        "\"apply_text_normalization\":\"off\"");
    }

    @Test
    void shouldPassUnknownVoiceIdsThroughUnchanged() {
        post("/v1/tts")
                .bodyValue("{\"text\":\"Hi\",\"voice_id\":\"custom-voice_9\"}")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(PHOENIX.requests().get(0).uri()).startsWith("/v1/text-to-speech/custom-voice_9?");
    }

    @Test
    void shouldStreamFromTheStreamPathWithHeaders() {
        PHOENIX.then(Behavior.chunks(Duration.ofMillis(10), bytes("a"), bytes("b"), bytes("c")));

        byte[] body = post("/v1/tts/stream")
                .bodyValue("{\"text\":\"Stream me\",\"output_format\":\"mp3_22050_32\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/mpeg")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix")
                .expectHeader()
                .valueEquals("X-TTS-Characters", "9")
                .expectHeader()
                .valueEquals("Transfer-Encoding", "chunked")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(PHOENIX.requests().get(0).uri())
                .isEqualTo("/v1/text-to-speech/ph-narrator-1/stream?output_format=mp3_22050_32");
    }

    @Test
    void shouldChargeCodePointsNotUtf16Units() {
        post("/v1/tts")
                .bodyValue("{\"text\":\"héllo 👋\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Characters", "7");
    }

    @Test
    void shouldAnswerEveryContentTypeOfTheFormatFamily() {
        for (String[] pair : new String[][] {
            {"wav_22050", "audio/wav"},
            {"ulaw_8000", "audio/basic"},
            {"alaw_8000", "audio/alaw"},
            {"opus_48000_64", "audio/ogg"},
            {"pcm_44100", "audio/pcm"}
        }) {
            post("/v1/tts")
                    .bodyValue("{\"text\":\"x\",\"output_format\":\"" + pair[0] + "\"}")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentType(pair[1]);
        }
    }

    @Test
    void shouldReplaceAnUnsafeRequestIdWithANewOne() {
        String id = post("/v1/tts")
                .header("X-Request-Id", "bad id with spaces")
                .bodyValue("{\"text\":\"Hi\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(byte[].class)
                .getResponseHeaders()
                .getFirst("X-Request-Id");

        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(PHOENIX.requests().get(0).headers()).containsEntry("X-Request-Id", id);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
