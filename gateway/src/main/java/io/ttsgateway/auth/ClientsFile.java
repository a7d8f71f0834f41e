package io.ttsgateway.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The shape of {@code clients.yml}. Omitted limits take documented defaults: 60 requests per minute with a burst of
 * 10, no character budget, ElevenLabs not allowed (no surprise costs), 10 concurrent streams, the audio cache used.
 */
record ClientsFile(List<Entry> clients) {

    record Entry(
            String id,
            @JsonProperty("key-sha256") String keySha256,
            Rate rate,
            Budget budget,
            ElevenLabs elevenlabs,
            @JsonProperty("max-concurrent-streams") Integer maxConcurrentStreams,
            Boolean cache) {}

    record Rate(@JsonProperty("requests-per-minute") Integer requestsPerMinute, Integer burst) {}

    record Budget(
            @JsonProperty("chars-per-day") Long charsPerDay,
            @JsonProperty("chars-per-month") Long charsPerMonth) {}

    record ElevenLabs(
            Boolean allowed,
            @JsonProperty("chars-per-month") Long charsPerMonth) {}
}
