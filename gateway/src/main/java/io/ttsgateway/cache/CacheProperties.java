package io.ttsgateway.cache;

import static io.ttsgateway.config.ConfigChecks.positive;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The audio cache (API.md §9).
 *
 * @param mode {@code TTS_CACHE}: {@code client}, {@code shared} or {@code off}
 * @param secret {@code TTS_CACHE_SECRET}: the keys' HMAC secret, at least 32 bytes; empty: random per process, so
 *     entries do not outlive it
 * @param ttl {@code TTS_CACHE_TTL}: how long an entry lives after it was stored (hits do not extend it)
 * @param maxBytes {@code TTS_CACHE_MAX_BYTES}: what the in-memory store may hold
 * @param maxEntry {@code TTS_CACHE_MAX_ENTRY}: larger audio is never stored
 */
@ConfigurationProperties("gateway.cache")
public record CacheProperties(
        @DefaultValue("client") String mode,
        @DefaultValue Secret secret,
        @DefaultValue("7d") Duration ttl,
        @DefaultValue("64MB") DataSize maxBytes,
        @DefaultValue("2MB") DataSize maxEntry) {

    static final int MIN_SECRET_BYTES = 32;

    public CacheProperties {
        secret = secret == null ? Secret.NONE : secret;
        CacheScope.parse(mode);
        if (secret.isPresent() && secret.value().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new InvalidSettingException(
                    "TTS_CACHE_SECRET", "must be at least " + MIN_SECRET_BYTES + " bytes (e.g. openssl rand -hex 32)");
        }
        positive("TTS_CACHE_TTL", ttl);
        if (maxBytes.toBytes() < 0) {
            throw new InvalidSettingException("TTS_CACHE_MAX_BYTES", "must not be negative");
        }
        if (maxEntry.toBytes() < 1 || maxEntry.toBytes() > Integer.MAX_VALUE) {
            throw new InvalidSettingException("TTS_CACHE_MAX_ENTRY", "must be between 1B and 2GB");
        }
    }

    public CacheScope scope() {
        return CacheScope.parse(mode);
    }
}
