package io.ttsgateway.streaminput;

import io.ttsgateway.timing.Alignment;
import io.ttsgateway.timing.TimedChunk;
import java.util.Base64;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the gateway sends over ElevenLabs' WebSocket (API.md §8), in ElevenLabs' shapes, written as its clients read
 * them: every audio message has audio; its alignments have all three lists of one length, with times in milliseconds
 * from the start of that message's audio, or are {@code null} (never empty lists: some clients index the last
 * entry); the final message carries no audio. Pure.
 */
final class Replies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper json;

    Replies(ObjectMapper json) {
        this.json = json;
    }

    /**
     * One chunk of a segment's audio.
     *
     * @param chunk the chunk, its times in seconds on the segment's timeline
     * @param start where its audio starts on that timeline
     */
    String audio(TimedChunk chunk, double start) {
        ObjectNode node = NODES.objectNode();
        node.put("audio", Base64.getEncoder().encodeToString(chunk.audio()));
        node.putNull("isFinal");
        node.set("normalizedAlignment", alignment(chunk.normalized(), start));
        node.set("alignment", alignment(chunk.alignment(), start));
        return json.writeValueAsString(node);
    }

    /** After the last audio of a conversation whose input ended. */
    String last() {
        ObjectNode node = NODES.objectNode();
        node.putNull("audio");
        node.put("isFinal", true);
        node.putNull("normalizedAlignment");
        node.putNull("alignment");
        return json.writeValueAsString(node);
    }

    /** Sent before the gateway closes a conversation it ends: ElevenLabs' shape, and the close code that follows. */
    String error(ConversationEnd end) {
        ObjectNode node = NODES.objectNode();
        node.put("error", end.error());
        node.put("message", end.getMessage());
        node.put("code", end.code());
        return json.writeValueAsString(node);
    }

    private static ObjectNode alignment(Alignment alignment, double start) {
        if (alignment.isEmpty()) {
            return null;
        }
        ObjectNode node = NODES.objectNode();
        ArrayNode chars = node.putArray("chars");
        ArrayNode starts = node.putArray("charStartTimesMs");
        ArrayNode durations = node.putArray("charDurationsMs");
        for (int i = 0; i < alignment.size(); i++) {
            long from = Math.max(0, Math.round((alignment.starts()[i] - start) * 1000));
            long to = Math.max(from, Math.round((alignment.ends()[i] - start) * 1000));
            chars.add(alignment.characters().get(i));
            starts.add(from);
            durations.add(to - from);
        }
        return node;
    }
}
