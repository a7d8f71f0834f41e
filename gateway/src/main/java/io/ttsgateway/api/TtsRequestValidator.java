package io.ttsgateway.api;

import io.ttsgateway.api.ApiProblem.FieldError;
import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.remote.RemoteUrls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Checks a request body member by member and reports every problem at once (API.md §2). Types are strict: a number
 * where a string belongs is an error, never coerced. Pure: the tree in, a request or field errors out.
 */
public final class TtsRequestValidator {

    private static final Set<String> NORMALIZATION = Set.of("auto", "on", "off");

    private final int maxTextChars;
    private final ObjectMapper json;

    public TtsRequestValidator(int maxTextChars, ObjectMapper json) {
        this.maxTextChars = maxTextChars;
        this.json = json;
    }

    /**
     * @param body the parsed JSON body
     * @param streaming whether the audio is streamed (WAV needs its length up front, so it is whole-audio only)
     * @throws ApiProblem 400 {@code invalid-request} listing each field error
     */
    public TtsRequest validate(JsonNode body, boolean streaming) {
        return validate(body, streaming, false);
    }

    /**
     * As {@link #validate(JsonNode, boolean)}, for the {@code …/with-timestamps} endpoints (API.md §7): also
     * {@code "visemes"}, {@code "oculus"} or {@code "none"} (the default).
     */
    public TtsRequest validateWithTimestamps(JsonNode body, boolean streaming) {
        return validate(body, streaming, true);
    }

    private TtsRequest validate(JsonNode body, boolean streaming, boolean timed) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        String text = text(body.get("text"), errors);
        String voice = voice(body.get("voice_id"), errors);
        OutputFormat format = format(body.get("output_format"), streaming, errors);
        Map<String, Object> options = new LinkedHashMap<>();
        string(body, "model_id", errors).ifPresent(v -> options.put("model_id", v));
        string(body, "language_code", errors).ifPresent(v -> options.put("language_code", v));
        context(body, "previous_text", errors).ifPresent(v -> options.put("previous_text", v));
        context(body, "next_text", errors).ifPresent(v -> options.put("next_text", v));
        string(body, "apply_text_normalization", errors).ifPresent(v -> {
            if (NORMALIZATION.contains(v)) {
                options.put("apply_text_normalization", v);
            } else {
                errors.add(new FieldError("apply_text_normalization", "must be one of auto, on, off"));
            }
        });
        JsonNode settings = body.get("voice_settings");
        if (settings != null && !settings.isNull()) {
            if (settings.isObject()) {
                options.put("voice_settings", json.treeToValue(settings, Map.class));
            } else {
                errors.add(new FieldError("voice_settings", "must be an object"));
            }
        }
        JsonNode seed = body.get("seed");
        if (seed != null && !seed.isNull()) {
            if (seed.isIntegralNumber()
                    && seed.canConvertToLong()
                    && seed.asLong() >= 0
                    && seed.asLong() <= 4294967295L) {
                options.put("seed", seed.asLong());
            } else {
                errors.add(new FieldError("seed", "must be an integer from 0 to 4294967295"));
            }
        }
        TtsRequest.Timing timing = TtsRequest.Timing.AUDIO_ONLY;
        if (timed) {
            timing = TtsRequest.Timing.TIMESTAMPS;
            Optional<String> visemes = string(body, "visemes", errors);
            if (visemes.filter("oculus"::equals).isPresent()) {
                timing = TtsRequest.Timing.TIMESTAMPS_AND_VISEMES;
            } else if (visemes.isPresent() && !visemes.get().equals("none")) {
                errors.add(new FieldError("visemes", "must be oculus or none"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new TtsRequest(text, voice, format, options, timing);
    }

    private String text(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("text", "is required"));
            return null;
        }
        if (!node.isString()) {
            errors.add(new FieldError("text", "must be a string"));
            return null;
        }
        String text = node.asString().strip();
        int length = text.codePointCount(0, text.length());
        if (length == 0) {
            errors.add(new FieldError("text", "must not be empty"));
        } else if (length > maxTextChars) {
            errors.add(
                    new FieldError("text", "is " + length + " characters; at most " + maxTextChars + " are allowed"));
        }
        return text;
    }

    private static String voice(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || !RemoteUrls.VOICE_ID.matcher(node.asString()).matches()) {
            errors.add(new FieldError("voice_id", "must be a string matching [A-Za-z0-9_-]{1,64}"));
            return null;
        }
        return node.asString();
    }

    static OutputFormat format(JsonNode node, boolean streaming, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return OutputFormat.DEFAULT;
        }
        if (!node.isString()) {
            errors.add(new FieldError("output_format", "must be a string"));
            return OutputFormat.DEFAULT;
        }
        return formatOf(node.asString(), streaming, errors);
    }

    /** Shared with query parameters ({@code output_format} of the ElevenLabs surface and browser streams). */
    public static OutputFormat formatOf(String value, boolean streaming, List<FieldError> errors) {
        Optional<OutputFormat> format = OutputFormat.parse(value);
        if (format.isEmpty()) {
            errors.add(new FieldError(
                    "output_format",
                    "unknown format '" + value + "'; one of " + String.join(", ", OutputFormat.SUPPORTED)));
            return OutputFormat.DEFAULT;
        }
        if (streaming && !format.get().streamable()) {
            errors.add(new FieldError(
                    "output_format",
                    value + " is for whole audio only (POST /v1/tts); " + "stream pcm_"
                            + format.get().sampleRate() + " instead"));
        }
        return format.get();
    }

    /**
     * Context for prosody: passed to providers but not charged, so it is held to the text's own limit (API.md §10)
     * lest a 2-character request carry 60,000 characters to a provider.
     */
    private Optional<String> context(JsonNode body, String field, List<FieldError> errors) {
        Optional<String> value = string(body, field, errors);
        if (value.isPresent()) {
            int length = value.get().codePointCount(0, value.get().length());
            if (length > maxTextChars) {
                errors.add(new FieldError(
                        field, "is " + length + " characters; at most " + maxTextChars + " are allowed"));
                return Optional.empty();
            }
        }
        return value;
    }

    private static Optional<String> string(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            errors.add(new FieldError(field, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(node.asString());
    }
}
