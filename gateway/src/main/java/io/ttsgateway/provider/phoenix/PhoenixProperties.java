package io.ttsgateway.provider.phoenix;

import static io.ttsgateway.config.ConfigChecks.positive;
import static io.ttsgateway.config.ConfigChecks.range;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import io.ttsgateway.provider.ProviderSetup;
import io.ttsgateway.provider.remote.RemoteUrls;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The internal TTS service (API.md §1).
 *
 * @param baseUrl {@code PHOENIX_TTS_BASE_URL} or {@code TTS_BASE_URL}: versioned base, e.g. {@code http://phoenix:9000/v1}
 * @param enabled {@code USE_PHOENIX_TTS}: false disables Phoenix even when a URL is set
 * @param authHeaderName {@code TTS_AUTH_HEADER_NAME}: optional header sent on every call
 * @param authHeaderValue {@code TTS_AUTH_HEADER_VALUE}: its value (a secret)
 * @param healthInterval {@code PHOENIX_HEALTH_INTERVAL}: time between health probes
 * @param healthFailures {@code PHOENIX_HEALTH_FAILURES}: failed probes in a row that mark it down
 */
@ConfigurationProperties("gateway.phoenix")
public record PhoenixProperties(
        @DefaultValue("") String baseUrl,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String authHeaderName,
        @DefaultValue Secret authHeaderValue,
        @DefaultValue("10s") Duration healthInterval,
        @DefaultValue("3") int healthFailures) {

    public PhoenixProperties {
        baseUrl = baseUrl.trim();
        if (!baseUrl.isEmpty()) {
            RemoteUrls.checkBaseUrl("PHOENIX_TTS_BASE_URL", baseUrl);
        }
        authHeaderName = authHeaderName.trim();
        authHeaderValue = authHeaderValue == null ? Secret.NONE : authHeaderValue;
        if (authHeaderValue.isPresent() && authHeaderName.isEmpty()) {
            throw new InvalidSettingException("TTS_AUTH_HEADER_NAME", "must be set when TTS_AUTH_HEADER_VALUE is");
        }
        if (!authHeaderName.isEmpty() && !authHeaderName.matches("[A-Za-z0-9-]{1,64}")) {
            throw new InvalidSettingException("TTS_AUTH_HEADER_NAME", "is not a valid HTTP header name");
        }
        positive("PHOENIX_HEALTH_INTERVAL", healthInterval);
        range("PHOENIX_HEALTH_FAILURES", healthFailures, 1, 100);
    }

    /** A URL makes it configured; {@code USE_PHOENIX_TTS=false} switches it off, even where it is listed. */
    public ProviderSetup setup() {
        ProviderSetup.Status status = baseUrl.isEmpty()
                ? ProviderSetup.Status.MISSING
                : enabled ? ProviderSetup.Status.CONFIGURED : ProviderSetup.Status.SWITCHED_OFF;
        return new ProviderSetup(status, "PHOENIX_TTS_BASE_URL (or TTS_BASE_URL)");
    }
}
