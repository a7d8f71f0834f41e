package io.ttsgateway.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One spelling for each valid request, so that a stream token can be bound to "exactly that request (a hash of its
 * canonical JSON)" (API.md §2): the validated request written back as JSON, the text trimmed, the defaulted output
 * format written out, absent members left out, and every object's members ordered by name at every depth. Two
 * bodies that validate to the same request have the same canonical JSON.
 */
final class CanonicalJson {

    private final ObjectMapper json;

    CanonicalJson(ObjectMapper json) {
        this.json = json;
    }

    String write(TtsRequest request) {
        Map<String, Object> members = new TreeMap<>();
        members.put("text", request.text());
        members.put("output_format", request.format().value());
        if (request.voiceId() != null) {
            members.put("voice_id", request.voiceId());
        }
        request.options().forEach((name, value) -> members.put(name, ordered(value)));
        return json.writeValueAsString(members);
    }

    JsonNode read(String canonical) {
        return json.readTree(canonical);
    }

    private static Object ordered(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((name, member) -> sorted.put(String.valueOf(name), ordered(member)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CanonicalJson::ordered).toList();
        }
        return value;
    }
}
