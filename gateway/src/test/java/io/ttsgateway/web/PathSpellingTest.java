package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSpellingTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/v1/tts",
                "/v1/tts/",
                "/v1/t%74s",
                "/v1/text-to-speech/abc_D-1/stream",
                "/v1/voices",
                "/health",
                "/index.html"
            })
    void shouldAcceptPathsThatReachARouteOnlyByTheirOwnName(String path) {
        assertThat(PathSpelling.isCanonical(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/tts;x",
                "/v1;/voices",
                "/v1/tts%3bx",
                "/v1%2ftts",
                "/v1%2Ftts",
                "/v1%5ctts",
                "/v1\\tts",
                "/v1/../v1/tts",
                "/v1/./tts",
                "/v1/%2e%2e/tts",
                "/v1/%2E/tts",
                "//v1/tts",
                "/v1//tts",
                "/v1/tts%",
                "/v1/tts%4",
                "/v1/tts%zz",
                "/v1/t%00s",
                "/v1/t%7fs",
                "v1/tts"
            })
    void shouldRefusePathsSpelledToSlipPastARouteOrItsChecks(String path) {
        assertThat(PathSpelling.isCanonical(path)).isFalse();
    }
}
