package io.ttsgateway.streaminput;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One message a client sent over ElevenLabs' WebSocket (API.md §8), read strictly. Pure.
 *
 * @param text text to speak; {@code ""} ends the input, {@code " "} keeps the connection alive
 * @param flush speak everything buffered now
 * @param voiceSettings the first message's {@code voice_settings}, when it has any
 * @param schedule the first message's {@code generation_config.chunk_length_schedule}, when it has one
 * @param key a client key the message carries ({@code xi_api_key}, as ElevenLabs' own clients send it)
 */
record InputMessage(
        String text,
        boolean flush,
        Optional<JsonNode> voiceSettings,
        Optional<List<Integer>> schedule,
        Optional<String> key) {

    /** A schedule length: ElevenLabs takes 50 to 500; any positive length is taken here, a long one cut later. */
    static final int MAX_SCHEDULE_LENGTH = 100_000;

    /** Whether the message ends the input. */
    boolean ends() {
        return text.isEmpty() && !flush;
    }

    /**
     * @throws ConversationEnd {@code invalid_request} (close 1008) for anything but a JSON object of this shape
     */
    static InputMessage parse(ObjectMapper json, String frame) {
        JsonNode node;
        try {
            node = json.readTree(frame);
        } catch (JacksonException e) {
            throw ConversationEnd.invalid("a message must be a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw ConversationEnd.invalid("a message must be a JSON object");
        }
        boolean flush = bool(node, "flush");
        bool(node, "try_trigger_generation"); // a hint older clients send: every message is looked at anyway
        JsonNode text = node.get("text");
        String spoken;
        if (text == null || text.isNull()) {
            if (!flush) {
                throw ConversationEnd.invalid("\"text\" is required");
            }
            spoken = "";
        } else if (!text.isString()) {
            throw ConversationEnd.invalid("\"text\" must be a string");
        } else {
            spoken = text.asString();
        }
        JsonNode settings = node.get("voice_settings");
        if (settings != null && !settings.isNull() && !settings.isObject()) {
            throw ConversationEnd.invalid("\"voice_settings\" must be an object");
        }
        return new InputMessage(
                spoken,
                flush,
                Optional.ofNullable(settings).filter(JsonNode::isObject),
                schedule(node.get("generation_config")),
                key(node));
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ConversationEnd.invalid("\"" + name + "\" must be true or false");
        }
        return value.asBoolean();
    }

    private static Optional<List<Integer>> schedule(JsonNode config) {
        if (config == null || config.isNull()) {
            return Optional.empty();
        }
        if (!config.isObject()) {
            throw ConversationEnd.invalid("\"generation_config\" must be an object");
        }
        JsonNode lengths = config.get("chunk_length_schedule");
        if (lengths == null || lengths.isNull()) {
            return Optional.empty();
        }
        if (!lengths.isArray() || lengths.isEmpty()) {
            throw ConversationEnd.invalid("\"chunk_length_schedule\" must be a list of lengths");
        }
        List<Integer> schedule = new ArrayList<>();
        for (JsonNode length : lengths) {
            if (!length.isIntegralNumber()
                    || !length.canConvertToInt()
                    || length.asInt() < 1
                    || length.asInt() > MAX_SCHEDULE_LENGTH) {
                throw ConversationEnd.invalid(
                        "\"chunk_length_schedule\" lengths must be integers from 1 to " + MAX_SCHEDULE_LENGTH);
            }
            schedule.add(length.asInt());
        }
        return Optional.of(List.copyOf(schedule));
    }

    /** ElevenLabs' spelling, its schema's, and a bearer {@code authorization}. */
    private static Optional<String> key(JsonNode node) {
        for (String name : List.of("xi_api_key", "xi-api-key", "authorization")) {
            JsonNode value = node.get(name);
            if (value != null && value.isString() && !value.asString().isBlank()) {
                String key = value.asString().strip();
                return Optional.of(
                        key.regionMatches(true, 0, "Bearer ", 0, 7)
                                ? key.substring(7).strip()
                                : key);
            }
        }
        return Optional.empty();
    }
}
