package io.ttsgateway.provider.elevenlabs;

import io.ttsgateway.config.ConfigChecks;
import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import io.ttsgateway.provider.ProviderSetup;
import io.ttsgateway.provider.remote.RemoteUrls;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ElevenLabs' public API (API.md §1, §4).
 *
 * @param apiKey {@code ELEVENLABS_API_KEY} or {@code TTS_API_KEY}; ElevenLabs is configured when it is set
 * @param baseUrl {@code ELEVENLABS_BASE_URL}
 * @param monthlyCharCap {@code ELEVENLABS_MONTHLY_CHAR_CAP}: gateway-wide characters per UTC month, -1 = no cap
 * @param quotaCheckInterval after a {@code quota_exceeded}, how often its subscription is checked for characters
 */
@ConfigurationProperties("gateway.elevenlabs")
public record ElevenLabsProperties(
        @DefaultValue Secret apiKey,
        @DefaultValue("https://api.elevenlabs.io/v1") String baseUrl,
        @DefaultValue("100000") long monthlyCharCap,
        @DefaultValue("60s") Duration quotaCheckInterval) {

    public ElevenLabsProperties {
        apiKey = apiKey == null ? Secret.NONE : apiKey;
        baseUrl = baseUrl.trim();
        RemoteUrls.checkBaseUrl("ELEVENLABS_BASE_URL", baseUrl);
        if (monthlyCharCap < -1) {
            throw new InvalidSettingException("ELEVENLABS_MONTHLY_CHAR_CAP", "must be -1 (no cap) or a number >= 0");
        }
        ConfigChecks.positive("ELEVENLABS_QUOTA_CHECK_INTERVAL", quotaCheckInterval);
    }

    /** A key makes it configured. */
    public ProviderSetup setup() {
        return new ProviderSetup(
                apiKey.isPresent() ? ProviderSetup.Status.CONFIGURED : ProviderSetup.Status.MISSING,
                "ELEVENLABS_API_KEY (or TTS_API_KEY)");
    }
}
