package io.ttsgateway.voice;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Logical voices (API.md §1).
 *
 * @param file {@code GATEWAY_VOICES_FILE}: the voices file; a missing file means every voice id passes through
 */
@ConfigurationProperties("gateway.voices")
public record VoicesProperties(
        @DefaultValue("config/voices.yml") String file) {}
