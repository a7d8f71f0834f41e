package io.ttsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.api.ApiProblem.FieldError;
import io.ttsgateway.provider.OutputFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TtsRequestValidatorTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final TtsRequestValidator validator = new TtsRequestValidator(10, json);

    @Test
    void shouldTrimTextAndApplyDefaultsWhenOnlyTextIsGiven() {
        TtsRequest request = validator.validate(tree("{\"text\":\"  \\n hi there \\t\"}"), false);

        assertThat(request.text()).isEqualTo("hi there");
        assertThat(request.voiceId()).isNull();
        assertThat(request.format()).isEqualTo(OutputFormat.DEFAULT);
        assertThat(request.options()).isEmpty();
        assertThat(request.characters()).isEqualTo(8);
    }

    @Test
    void shouldAcceptExactlyTheMaximumInCodePoints() {
        // ten emoji are twenty UTF-16 units but ten characters
        TtsRequest request = validator.validate(tree("{\"text\":\"" + "😀".repeat(10) + "\"}"), false);

        assertThat(request.characters()).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                         | text             | is required",
                "{\"text\":null}                            | text             | is required",
                "{\"text\":\"   \"}                         | text             | must not be empty",
                "{\"text\":\"01234567890\"}                 | text             | is 11 characters; at most 10 are allowed",
                "{\"text\":42}                              | text             | must be a string",
                "{\"text\":\"a\",\"voice_id\":\"../x\"}     | voice_id         | must be a string matching [A-Za-z0-9_-]{1,64}",
                "{\"text\":\"a\",\"voice_id\":7}            | voice_id         | must be a string matching [A-Za-z0-9_-]{1,64}",
                "{\"text\":\"a\",\"model_id\":1}            | model_id         | must be a string",
                "{\"text\":\"a\",\"language_code\":true}    | language_code    | must be a string",
                "{\"text\":\"a\",\"voice_settings\":[1]}    | voice_settings   | must be an object",
                "{\"text\":\"a\",\"seed\":-1}               | seed             | must be an integer from 0 to 4294967295",
                "{\"text\":\"a\",\"seed\":1.5}              | seed             | must be an integer from 0 to 4294967295",
                "{\"text\":\"a\",\"previous_text\":{}}      | previous_text    | must be a string",
                "{\"text\":\"a\",\"next_text\":[]}          | next_text        | must be a string",
                "{\"text\":\"a\",\"previous_text\":\"01234567890\"} | previous_text | is 11 characters; at most 10 are allowed",
                "{\"text\":\"a\",\"next_text\":\"01234567890\"} | next_text     | is 11 characters; at most 10 are allowed",
                "{\"text\":\"a\",\"apply_text_normalization\":\"maybe\"} | apply_text_normalization | must be one of auto, on, off",
                "{\"text\":\"a\",\"output_format\":128}     | output_format    | must be a string",
            })
    void shouldReportTheFieldErrorWhenAFieldIsInvalid(String body, String field, String message) {
        assertThat(errorsOf(body, false)).containsExactly(new FieldError(field, message));
    }

    @Test
    void shouldRejectAVoiceIdLongerThan64() {
        assertThat(errorsOf("{\"text\":\"a\",\"voice_id\":\"" + "v".repeat(65) + "\"}", false))
                .extracting(FieldError::field)
                .containsExactly("voice_id");
    }

    @Test
    void shouldListEveryFieldErrorAtOnce() {
        assertThat(errorsOf("{\"text\":\"\",\"voice_id\":\"a b\",\"output_format\":\"mp3_1\"}", false))
                .extracting(FieldError::field)
                .containsExactly("text", "voice_id", "output_format");
    }

    @Test
    void shouldNameTheSupportedFormatsWhenTheFormatIsUnknown() {
        List<FieldError> errors = errorsOf("{\"text\":\"a\",\"output_format\":\"aac_44100\"}", false);

        assertThat(errors.get(0).message())
                .startsWith("unknown format 'aac_44100'; one of mp3_22050_32")
                .contains("wav_48000");
    }

    @Test
    void shouldRefuseWavOnStreamsButAcceptItForWholeAudio() {
        assertThat(errorsOf("{\"text\":\"a\",\"output_format\":\"wav_16000\"}", true))
                .extracting(FieldError::field)
                .containsExactly("output_format");
        assertThat(validator
                        .validate(tree("{\"text\":\"a\",\"output_format\":\"wav_16000\"}"), false)
                        .format()
                        .codec())
                .isEqualTo(OutputFormat.Codec.WAV);
    }

    @Test
    void shouldRejectABodyThatIsNotAnObject() {
        assertThat(errorsOf("[\"text\"]", false)).containsExactly(new FieldError("body", "must be a JSON object"));
    }

    @Test
    void shouldPassOptionalMembersThroughAsPlainValues() {
        TtsRequest request = validator.validate(tree("""
                {"text":"a","model_id":"m","language_code":"de","seed":4294967295,"previous_text":"p",
                 "next_text":"n","apply_text_normalization":"auto","voice_settings":{"stability":0.3,"speed":1.1},
                 "unknown_member":"ignored"}"""), false);

        assertThat(request.options())
                .containsEntry("model_id", "m")
                .containsEntry("language_code", "de")
                .containsEntry("seed", 4294967295L)
                .containsEntry("previous_text", "p")
                .containsEntry("next_text", "n")
                .containsEntry("apply_text_normalization", "auto")
                .containsEntry("voice_settings", Map.of("stability", 0.3, "speed", 1.1))
                .doesNotContainKey("unknown_member");
    }

    private List<FieldError> errorsOf(String body, boolean streaming) {
        ApiProblem[] caught = new ApiProblem[1];
        assertThatThrownBy(() -> validator.validate(tree(body), streaming))
                .isInstanceOfSatisfying(ApiProblem.class, p -> caught[0] = p);
        assertThat(caught[0].status()).isEqualTo(400);
        assertThat(caught[0].slug()).isEqualTo("invalid-request");
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) caught[0].extras().get("errors");
        return errors;
    }

    private JsonNode tree(String body) {
        return json.readTree(body);
    }
}
