package io.ttsgateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import org.junit.jupiter.api.Test;

/**
 * The ElevenLabs- and OpenAI-shaped surfaces over HTTP: same routing and limits as {@code POST /v1/tts}, errors in
 * each vendor's own shape (API.md §2). The official SDKs' own tests are separate.
 */
class CompatibleSurfacesIT extends GatewayHttpTest {

    @Test
    void shouldConvertOnTheElevenLabsPathWithXiApiKeyAndQueryFormat() {
        byte[] audio = web.post()
                .uri("/v1/text-to-speech/narrator?output_format=pcm_16000&enable_logging=false")
                .header("xi-api-key", TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue(
                        "{\"text\":\"Hello\",\"model_id\":\"eleven_multilingual_v2\",\"output_format\":\"mp3_22050_32\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/pcm")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        assertThat(new String(audio)).isEqualTo("fake-audio");
        assertThat(PHOENIX.requests().get(0).uri())
                .isEqualTo("/v1/text-to-speech/ph-narrator-1?output_format=pcm_16000");
        assertThat(PHOENIX.requests().get(0).body()).contains("\"model_id\":\"eleven_multilingual_v2\"");
    }

    @Test
    void shouldStreamOnTheElevenLabsStreamPath() {
        web.post()
                .uri("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream")
                .header("xi-api-key", TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Transfer-Encoding", "chunked")
                .expectHeader()
                .contentType("audio/mpeg");

        assertThat(PHOENIX.requests().get(0).uri()).startsWith("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?");
    }

    @Test
    void shouldAnswerElevenLabsShapedErrors() {
        web.post()
                .uri("/v1/text-to-speech/narrator")
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType("application/json")
                .expectBody()
                .jsonPath("$.detail.status")
                .isEqualTo("unauthenticated")
                .jsonPath("$.detail.message")
                .isNotEmpty()
                .jsonPath("$.detail.request_id")
                .isNotEmpty();
        web.post()
                .uri("/v1/text-to-speech/bad.voice")
                .header("xi-api-key", TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail.status")
                .isEqualTo("invalid-request")
                .jsonPath("$.detail.errors[0].field")
                .isEqualTo("voice_id");
    }

    @Test
    void shouldAnswerAnExhaustedBudgetLikeElevenLabsWith401QuotaExceeded() {
        web.post()
                .uri("/v1/text-to-speech/narrator")
                .header("xi-api-key", TestClients.limited(11))
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"" + "a".repeat(50) + "\"}")
                .exchange()
                .expectStatus()
                .isOk();

        web.post()
                .uri("/v1/text-to-speech/narrator")
                .header("xi-api-key", TestClients.limited(11))
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"one more\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail.status")
                .isEqualTo("quota_exceeded");
    }

    @Test
    void shouldSpeakOnTheOpenAiPathMappingVoiceFormatAndSpeed() {
        web.post()
                .uri("/v1/audio/speech")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue(
                        "{\"model\":\"tts-1\",\"input\":\"Hello there\",\"voice\":\"alloy\",\"response_format\":\"pcm\",\"speed\":1.1}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/pcm")
                .expectHeader()
                .valueEquals("X-TTS-Characters", "11");

        assertThat(PHOENIX.requests().get(0).uri())
                .isEqualTo("/v1/text-to-speech/ph-narrator-1/stream?output_format=pcm_24000");
        assertThat(PHOENIX.requests().get(0).body()).contains("\"speed\":1.1").doesNotContain("tts-1");
    }

    @Test
    void shouldListWhatIsSupportedWhenAnOpenAiFormatCannotBeProduced() {
        for (String format : new String[] {"aac", "flac"}) {
            web.post()
                    .uri("/v1/audio/speech")
                    .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                    .header("Content-Type", "application/json")
                    .bodyValue("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"response_format\":\""
                            + format + "\"}")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.error.type")
                    .isEqualTo("invalid_request_error")
                    .jsonPath("$.error.code")
                    .isEqualTo("invalid-request")
                    .jsonPath("$.error.message")
                    .value(m -> assertThat((String) m).contains("mp3, opus, wav, pcm"));
        }
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldNameOpenAiFieldsInOpenAiErrors() {
        web.post()
                .uri("/v1/audio/speech")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"model\":\"tts-1\",\"input\":\"\",\"voice\":\"alloy\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.message")
                .isEqualTo("must not be empty");
        PHOENIX.always(Behavior.error(503, "x", "x"));
        ELEVENLABS.always(Behavior.error(503, "x", "x"));
        web.post()
                .uri("/v1/audio/speech")
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"response_format\":\"wav\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("server_error")
                .jsonPath("$.error.code")
                .isEqualTo("upstream-failed");
    }
}
