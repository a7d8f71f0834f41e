package io.ttsgateway.streaminput;

import io.ttsgateway.api.ApiProblem;
import io.ttsgateway.api.ApiProblem.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a conversation's upgrade request says (API.md §8): the voice from the path; from the query the output format,
 * the options passed to providers ({@code model_id}, {@code language_code}, {@code apply_text_normalization},
 * {@code seed}) and {@code inactivity_timeout}. Other parameters ElevenLabs' clients send ({@code sync_alignment},
 * {@code auto_mode}, {@code enable_ssml_parsing}, {@code enable_logging}, {@code optimize_streaming_latency}) change
 * nothing here and are ignored. Pure.
 *
 * @param request a body in the gateway's own shape, without {@code text}: each segment's body starts from it
 */
record StreamInputSettings(String voiceId, ObjectNode request, Duration inactivity) {

    static final Duration DEFAULT_INACTIVITY = Duration.ofSeconds(20);
    static final int MAX_INACTIVITY_SECONDS = 180;

    private static final List<String> PASSED =
            List.of("output_format", "model_id", "language_code", "apply_text_normalization");
    private static final Pattern SEED = Pattern.compile("[0-9]{1,10}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,4}");

    /** @throws ApiProblem 400 {@code invalid-request} naming the parameter */
    static StreamInputSettings from(String voiceId, MultiValueMap<String, String> query) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("voice_id", voiceId);
        for (String name : PASSED) {
            String value = query.getFirst(name);
            if (value != null) {
                request.put(name, value);
            }
        }
        String seed = query.getFirst("seed");
        if (seed != null) {
            if (SEED.matcher(seed).matches()) {
                request.put("seed", Long.parseLong(seed));
            } else {
                request.put("seed", seed); // a string: the validator names it
            }
        }
        return new StreamInputSettings(voiceId, request, inactivity(query.getFirst("inactivity_timeout")));
    }

    private static Duration inactivity(String value) {
        if (value == null) {
            return DEFAULT_INACTIVITY;
        }
        if (!SECONDS.matcher(value).matches()
                || Integer.parseInt(value) < 1
                || Integer.parseInt(value) > MAX_INACTIVITY_SECONDS) {
            throw ApiProblem.invalid(List.of(new FieldError(
                    "inactivity_timeout", "must be a whole number of seconds from 1 to " + MAX_INACTIVITY_SECONDS)));
        }
        return Duration.ofSeconds(Integer.parseInt(value));
    }

    /** A segment's body: these settings, the first message's voice settings, its text and what came before it. */
    ObjectNode body(String text, ObjectNode voiceSettings, String previousText) {
        ObjectNode body = request.deepCopy();
        body.put("text", text);
        if (voiceSettings != null) {
            body.set("voice_settings", voiceSettings);
        }
        if (previousText != null && !previousText.isEmpty()) {
            body.put("previous_text", previousText);
        }
        return body;
    }
}
