package io.ttsgateway.provider.remote;

import static io.ttsgateway.config.ConfigChecks.positive;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a remote provider may take (API.md §1 "Timeouts", §6). Bound under {@code gateway.providers} beside
 * routing's own settings, so the property keys and environment variables stay those operators already set.
 *
 * @param connectTimeout {@code TTS_CONNECT_TIMEOUT}: opening a connection to a provider
 * @param firstByteTimeout {@code TTS_FIRST_BYTE_TIMEOUT}: from the call to the first audio byte
 * @param idleTimeout {@code TTS_IDLE_TIMEOUT}: between two chunks of a stream
 * @param totalTimeout {@code TTS_TOTAL_TIMEOUT}: a whole-audio request, all of it
 */
@ConfigurationProperties("gateway.providers")
public record TimeoutProperties(
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration firstByteTimeout,
        @DefaultValue("10s") Duration idleTimeout,
        @DefaultValue("30s") Duration totalTimeout) {

    public TimeoutProperties {
        positive("TTS_CONNECT_TIMEOUT", connectTimeout);
        positive("TTS_FIRST_BYTE_TIMEOUT", firstByteTimeout);
        positive("TTS_IDLE_TIMEOUT", idleTimeout);
        positive("TTS_TOTAL_TIMEOUT", totalTimeout);
    }
}
