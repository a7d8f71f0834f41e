package io.ttsgateway.web;

import static io.ttsgateway.config.ConfigChecks.positive;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP edge: how long a connection may take to say what it wants, and to take its answer
 * (API.md §6, §10).
 *
 * @param headerReadTimeout {@code TTS_HEADER_READ_TIMEOUT}: from the first byte of a request to the end of its
 *     headers; past it the connection is closed
 * @param connectionIdleTimeout {@code TTS_CONNECTION_IDLE_TIMEOUT}: how long a connection with no request in
 *     progress (new, or after an answer) stays open
 * @param clientWriteTimeout {@code TTS_CLIENT_WRITE_TIMEOUT}: how long a caller may take none of the answer waiting
 *     for it before it is disconnected
 */
@ConfigurationProperties("gateway.web")
record EdgeProperties(
        @DefaultValue("10s") Duration headerReadTimeout,
        @DefaultValue("60s") Duration connectionIdleTimeout,
        @DefaultValue("30s") Duration clientWriteTimeout) {

    EdgeProperties {
        positive("TTS_HEADER_READ_TIMEOUT", headerReadTimeout);
        positive("TTS_CONNECTION_IDLE_TIMEOUT", connectionIdleTimeout);
        positive("TTS_CLIENT_WRITE_TIMEOUT", clientWriteTimeout);
    }
}
