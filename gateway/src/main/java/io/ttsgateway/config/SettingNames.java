package io.ttsgateway.config;

import java.util.Map;

/** Property → environment variable, so a startup failure names what an operator actually sets (API.md §6). */
final class SettingNames {

    private static final Map<String, String> BY_PROPERTY = Map.ofEntries(
            Map.entry("server.port", "PORT"),
            Map.entry("management.server.port", "MANAGEMENT_PORT"),
            Map.entry("gateway.providers.order", "TTS_PROVIDERS"),
            Map.entry("gateway.providers.connect-timeout", "TTS_CONNECT_TIMEOUT"),
            Map.entry("gateway.providers.first-byte-timeout", "TTS_FIRST_BYTE_TIMEOUT"),
            Map.entry("gateway.providers.idle-timeout", "TTS_IDLE_TIMEOUT"),
            Map.entry("gateway.providers.total-timeout", "TTS_TOTAL_TIMEOUT"),
            Map.entry("gateway.providers.retry-max", "TTS_RETRY_MAX"),
            Map.entry("gateway.providers.retry-backoff", "TTS_RETRY_BACKOFF"),
            Map.entry("gateway.providers.retry-after-max", "TTS_RETRY_AFTER_MAX"),
            Map.entry("gateway.elevenlabs.quota-check-interval", "ELEVENLABS_QUOTA_CHECK_INTERVAL"),
            Map.entry("gateway.providers.breaker.window", "TTS_BREAKER_WINDOW"),
            Map.entry("gateway.providers.breaker.min-calls", "TTS_BREAKER_MIN_CALLS"),
            Map.entry("gateway.providers.breaker.failure-rate", "TTS_BREAKER_FAILURE_RATE"),
            Map.entry("gateway.providers.breaker.slow-call", "TTS_BREAKER_SLOW_CALL"),
            Map.entry("gateway.providers.breaker.open-duration", "TTS_BREAKER_OPEN_DURATION"),
            Map.entry("gateway.phoenix.base-url", "PHOENIX_TTS_BASE_URL"),
            Map.entry("gateway.phoenix.enabled", "USE_PHOENIX_TTS"),
            Map.entry("gateway.phoenix.health-interval", "PHOENIX_HEALTH_INTERVAL"),
            Map.entry("gateway.phoenix.health-failures", "PHOENIX_HEALTH_FAILURES"),
            Map.entry("gateway.elevenlabs.base-url", "ELEVENLABS_BASE_URL"),
            Map.entry("gateway.elevenlabs.monthly-char-cap", "ELEVENLABS_MONTHLY_CHAR_CAP"),
            Map.entry("gateway.local.enabled", "LOCAL_TTS_ENABLED"),
            Map.entry("gateway.local.voices", "LOCAL_TTS_VOICES"),
            Map.entry("gateway.api.max-text-chars", "TTS_MAX_TEXT_CHARS"),
            Map.entry("gateway.api.max-audio-size", "TTS_MAX_AUDIO_SIZE"),
            Map.entry("gateway.clients.token-secret", "GATEWAY_TOKEN_SECRET"),
            Map.entry("gateway.redis.url", "REDIS_URL"),
            Map.entry("gateway.redis.timeout", "REDIS_TIMEOUT"),
            Map.entry("gateway.redis.key-prefix", "REDIS_KEY_PREFIX"),
            Map.entry("gateway.redis.check-interval", "REDIS_CHECK_INTERVAL"),
            Map.entry("gateway.redis.lease-ttl", "REDIS_LEASE_TTL"),
            Map.entry("gateway.web.header-read-timeout", "TTS_HEADER_READ_TIMEOUT"),
            Map.entry("gateway.api.body-read-timeout", "TTS_BODY_READ_TIMEOUT"),
            Map.entry("gateway.web.connection-idle-timeout", "TTS_CONNECTION_IDLE_TIMEOUT"),
            Map.entry("gateway.web.client-write-timeout", "TTS_CLIENT_WRITE_TIMEOUT"),
            Map.entry("spring.lifecycle.timeout-per-shutdown-phase", "GATEWAY_SHUTDOWN_GRACE"));

    private SettingNames() {}

    static String describe(String property) {
        String variable = BY_PROPERTY.get(property);
        return variable == null ? property : variable + " (" + property + ")";
    }
}
