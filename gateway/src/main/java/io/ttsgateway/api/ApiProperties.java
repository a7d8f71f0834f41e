package io.ttsgateway.api;

import static io.ttsgateway.config.ConfigChecks.positive;
import static io.ttsgateway.config.ConfigChecks.range;

import io.ttsgateway.config.InvalidSettingException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Request and answer limits of the API.
 *
 * @param maxTextChars {@code TTS_MAX_TEXT_CHARS}: code points of trimmed text per request
 * @param maxAudioSize {@code TTS_MAX_AUDIO_SIZE}: the most whole audio the gateway holds for one answer
 * @param bodyReadTimeout {@code TTS_BODY_READ_TIMEOUT}: from when the gateway starts reading a request body to its
 *     end; past it 408 {@code request-timeout} and the connection is closed (API.md §10)
 */
@ConfigurationProperties("gateway.api")
public record ApiProperties(
        @DefaultValue("5000") int maxTextChars,
        @DefaultValue("50MB") DataSize maxAudioSize,
        @DefaultValue("10s") Duration bodyReadTimeout) {

    public ApiProperties {
        range("TTS_MAX_TEXT_CHARS", maxTextChars, 1, 1_000_000);
        if (maxAudioSize.toBytes() < 1024 || maxAudioSize.toBytes() > Integer.MAX_VALUE) {
            throw new InvalidSettingException("TTS_MAX_AUDIO_SIZE", "must be between 1KB and 2GB");
        }
        positive("TTS_BODY_READ_TIMEOUT", bodyReadTimeout);
    }
}
