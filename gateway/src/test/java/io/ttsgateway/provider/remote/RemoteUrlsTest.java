package io.ttsgateway.provider.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteUrlsTest {

    @Test
    void shouldBuildSpeechUrisUnderTheVersionedBase() {
        assertThat(RemoteUrls.speechUri("http://phoenix:9000/v1", "voice_1", false, "pcm_16000"))
                .hasToString("http://phoenix:9000/v1/text-to-speech/voice_1?output_format=pcm_16000");
        assertThat(RemoteUrls.speechUri("http://phoenix:9000/v1/", "voice_1", true, "mp3_44100_128"))
                .hasToString("http://phoenix:9000/v1/text-to-speech/voice_1/stream?output_format=mp3_44100_128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../admin", "a/b", "a?x=1", "a#f", "a%2F", "", " ", "é"})
    void shouldNeverLetAVoiceIdEscapeItsPathSegment(String voice) {
        assertThatThrownBy(() -> RemoteUrls.speechUri("http://p/v1", voice, false, "pcm_16000"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFindHealthBesideTheVersionedBase() {
        assertThat(RemoteUrls.healthUri("http://phoenix:9000/v1")).hasToString("http://phoenix:9000/health");
        assertThat(RemoteUrls.healthUri("https://tts.internal/api/v2/")).hasToString("https://tts.internal/api/health");
    }

    @ParameterizedTest
    @ValueSource(strings = {"phoenix:9000", "ftp://p/v1", "http://user:pw@p/v1", "http://p/v1?x=1", "http:///v1"})
    void shouldRefuseBaseUrlsThatAreNotPlainHttp(String url) {
        assertThatThrownBy(() -> RemoteUrls.checkBaseUrl("PHOENIX_TTS_BASE_URL", url))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("PHOENIX_TTS_BASE_URL: ");
    }
}
