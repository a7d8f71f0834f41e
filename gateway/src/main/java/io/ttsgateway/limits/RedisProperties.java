package io.ttsgateway.limits;

import static io.ttsgateway.config.ConfigChecks.positive;

import io.lettuce.core.RedisURI;
import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shared limit store (API.md §4 "Where").
 *
 * @param url {@code REDIS_URL}: {@code redis://}, {@code rediss://} (TLS) or {@code redis-sentinel://}, may carry a
 *     password; a secret, since it may. Empty: limits in memory
 * @param keyPrefix {@code REDIS_KEY_PREFIX}: namespace of every key
 * @param timeout {@code REDIS_TIMEOUT}: the most one command may take; then the replica falls back to memory
 * @param checkInterval how often an unreachable Redis is tried again (and a reachable one pinged)
 * @param leaseTtl how long a concurrency slot outlives a replica that stopped renewing it
 */
@ConfigurationProperties("gateway.redis")
public record RedisProperties(
        @DefaultValue Secret url,
        @DefaultValue("tts:") String keyPrefix,
        @DefaultValue("1s") Duration timeout,
        @DefaultValue("1s") Duration checkInterval,
        @DefaultValue("30s") Duration leaseTtl) {

    public RedisProperties {
        url = url == null ? Secret.NONE : url;
        if (url.isPresent()) {
            uri(url);
        }
        if (keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new InvalidSettingException("REDIS_KEY_PREFIX", "must not contain braces (they make hash tags)");
        }
        positive("REDIS_TIMEOUT", timeout);
        positive("REDIS_CHECK_INTERVAL", checkInterval);
        positive("REDIS_LEASE_TTL", leaseTtl);
    }

    public boolean configured() {
        return url.isPresent();
    }

    /** The parsed URL. The error never repeats the URL: it may hold a password. */
    public static RedisURI uri(Secret url) {
        try {
            return RedisURI.create(url.value());
        } catch (RuntimeException e) {
            throw new InvalidSettingException("REDIS_URL", "is not a redis://, rediss:// or redis-sentinel:// URL");
        }
    }

    /** Where Redis is, for logs: host and port, never the password. */
    public String describe() {
        RedisURI uri = uri(url);
        String scheme = uri.isSsl() ? "rediss" : uri.getSentinels().isEmpty() ? "redis" : "redis-sentinel";
        return uri.getSentinels().isEmpty()
                ? scheme + "://" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase()
                : scheme + "://" + uri.getSentinels().get(0).getHost() + " (master " + uri.getSentinelMasterId() + ")";
    }
}
