package io.ttsgateway.provider.local;

import static io.ttsgateway.config.ConfigChecks.range;

import io.ttsgateway.provider.ProviderSetup;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The offline engine (API.md §1, §6).
 *
 * @param enabled {@code LOCAL_TTS_ENABLED}: null (unset) means "only when no other provider is configured"
 * @param voices {@code LOCAL_TTS_VOICES}: engine voices allocated at startup, i.e. syntheses that run at once
 */
@ConfigurationProperties("gateway.local")
public record LocalProperties(
        Boolean enabled, @DefaultValue("2") int voices) {

    public LocalProperties {
        range("LOCAL_TTS_VOICES", voices, 1, 32);
    }

    /** Unset, it is the last resort: used when nothing else is configured, or where it is listed. */
    public ProviderSetup setup() {
        ProviderSetup.Status status = enabled == null
                ? ProviderSetup.Status.LAST_RESORT
                : enabled ? ProviderSetup.Status.CONFIGURED : ProviderSetup.Status.SWITCHED_OFF;
        return new ProviderSetup(status, "LOCAL_TTS_ENABLED");
    }
}
