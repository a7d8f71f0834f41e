package io.ttsgateway.compat;

import io.ttsgateway.api.ApiProblem;
import io.ttsgateway.api.ApiProblem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI's speech body ({@code model}, {@code input}, {@code voice}, {@code response_format},
 * {@code speed}) into the gateway's own (API.md §2 "OpenAI-compatible surface"). Pure.
 */
final class OpenAiSpeech {

    /**
     * OpenAI's formats the providers can produce, and the closest ElevenLabs format: OpenAI's own PCM and WAV are
     * 24 kHz 16-bit mono, its MP3 is 44.1 kHz.
     */
    static final Map<String, String> FORMATS =
            Map.of("mp3", "mp3_44100_128", "opus", "opus_48000_64", "wav", "wav_24000", "pcm", "pcm_24000");

    private OpenAiSpeech() {}

    /** @throws ApiProblem 400 for OpenAI fields that are wrong in OpenAI's own terms */
    static ObjectNode toOwnShape(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        ObjectNode own = JsonNodeFactory.instance.objectNode();
        copy(body, "input", own, "text");
        copy(body, "voice", own, "voice_id");
        JsonNode format = body.get("response_format");
        if (format == null || format.isNull()) {
            own.put("output_format", FORMATS.get("mp3"));
        } else if (format.isString() && FORMATS.containsKey(format.asString())) {
            own.put("output_format", FORMATS.get(format.asString()));
        } else {
            errors.add(new FieldError(
                    "response_format",
                    "'" + (format.isString() ? format.asString() : format)
                            + "' cannot be produced here; supported: mp3, opus, wav, pcm"));
        }
        JsonNode speed = body.get("speed");
        if (speed != null && !speed.isNull()) {
            if (speed.isNumber() && speed.asDouble() >= 0.25 && speed.asDouble() <= 4.0) {
                own.putObject("voice_settings").put("speed", speed.asDouble());
            } else {
                errors.add(new FieldError("speed", "must be a number from 0.25 to 4.0"));
            }
        }
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && !model.isString()) {
            errors.add(new FieldError("model", "must be a string"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return own;
    }

    /** Field errors of the gateway's own validation, named as the caller named them. */
    static ApiProblem renamed(ApiProblem problem) {
        Object errors = problem.extras().get("errors");
        if (!(errors instanceof List<?> list)) {
            return problem;
        }
        List<FieldError> renamed = list.stream()
                .map(FieldError.class::cast)
                .map(e -> new FieldError(
                        switch (e.field()) {
                            case "text" -> "input";
                            case "voice_id" -> "voice";
                            case "output_format" -> "response_format";
                            default -> e.field();
                        },
                        e.message()))
                .toList();
        return ApiProblem.invalid(renamed);
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(as, value);
        }
    }
}
