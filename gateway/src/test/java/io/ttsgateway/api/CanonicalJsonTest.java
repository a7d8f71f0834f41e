package io.ttsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** The one spelling of a request that a bound stream token carries (API.md §2). */
class CanonicalJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final TtsRequestValidator validator = new TtsRequestValidator(5000, json);
    private final CanonicalJson canonical = new CanonicalJson(json);

    @Test
    void shouldSpellTheSameRequestOneWayWhateverTheBodyLookedLike() {
        String one = canonical(" {\"voice_settings\": {\"stability\": 0.5, \"similarity_boost\": 0.75}, "
                + "\"text\": \" Hi \", \"voice_id\": \"narrator\", \"ttl_seconds\": 60}");
        String other = canonical("{\"text\":\"Hi\",\"output_format\":\"mp3_44100_128\",\"voice_id\":\"narrator\","
                + "\"voice_settings\":{\"similarity_boost\":0.75,\"stability\":0.5},\"model_id\":null}");

        assertThat(one)
                .isEqualTo(other)
                .isEqualTo(
                        "{\"output_format\":\"mp3_44100_128\",\"text\":\"Hi\","
                                + "\"voice_id\":\"narrator\",\"voice_settings\":{\"similarity_boost\":0.75,\"stability\":0.5}}");
    }

    @Test
    void shouldTellDifferentRequestsApart() {
        assertThat(canonical("{\"text\":\"Hi\"}"))
                .isNotEqualTo(canonical("{\"text\":\"Hi!\"}"))
                .isNotEqualTo(canonical("{\"text\":\"Hi\",\"output_format\":\"pcm_16000\"}"))
                .isNotEqualTo(canonical("{\"text\":\"Hi\",\"voice_settings\":{\"stability\":0.5}}"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"text\":\"Grüße, 😀 \\u0007 \\\"quoted\\\"\",\"seed\":4294967295,\"language_code\":\"de\"}",
                "{\"text\":\"Hi\",\"voice_settings\":{\"b\":[3,{\"z\":1,\"a\":null}],\"a\":true,\"big\":1e300},"
                        + "\"previous_text\":\"Before.\",\"next_text\":\"After.\",\"apply_text_normalization\":\"off\","
                        + "\"model_id\":\"eleven_multilingual_v2\"}"
            })
    void shouldReadBackAsTheRequestItWasMadeFrom(String body) {
        TtsRequest request = validator.validate(json.readTree(body), true);

        TtsRequest again = validator.validate(canonical.read(canonical.write(request)), true);

        assertThat(again).isEqualTo(request);
        assertThat(canonical.write(again)).isEqualTo(canonical.write(request));
    }

    private String canonical(String body) {
        return canonical.write(validator.validate(json.readTree(body), true));
    }
}
