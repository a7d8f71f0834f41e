package io.ttsgateway.limits;

import static io.ttsgateway.config.ConfigChecks.positive;

import io.lettuce.core.RedisURI;
import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param clusterNodes {@code REDIS_CLUSTER_NODES}: seed nodes of a Redis Cluster, comma-separated {@code host:port}
 *     or {@code redis://}/{@code rediss://} URIs (which may hold a password: a secret); empty: no cluster
 */
@ConfigurationProperties("gateway.redis")
public record RedisProperties(
        @DefaultValue Secret url,
        @DefaultValue("tts:") String keyPrefix,
        @DefaultValue("1s") Duration timeout,
        @DefaultValue("1s") Duration checkInterval,
        @DefaultValue("30s") Duration leaseTtl,
        @DefaultValue Secret clusterNodes) {

    @ConstructorBinding
    public RedisProperties {
        url = url == null ? Secret.NONE : url;
        clusterNodes = clusterNodes == null ? Secret.NONE : clusterNodes;
        if (url.isPresent() && clusterNodes.isPresent()) {
            throw new InvalidSettingException(
                    "REDIS_CLUSTER_NODES",
                    "is set together with REDIS_URL: set one of them (the cluster, or one Redis)");
        }
        if (url.isPresent()) {
            uri(url);
        }
        if (clusterNodes.isPresent()) {
            clusterUris(clusterNodes);
        }
        if (keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new InvalidSettingException("REDIS_KEY_PREFIX", "must not contain braces (they make hash tags)");
        }
        positive("REDIS_TIMEOUT", timeout);
        positive("REDIS_CHECK_INTERVAL", checkInterval);
        positive("REDIS_LEASE_TTL", leaseTtl);
    }

    /** Without a cluster. */
    public RedisProperties(Secret url, String keyPrefix, Duration timeout, Duration checkInterval, Duration leaseTtl) {
        this(url, keyPrefix, timeout, checkInterval, leaseTtl, Secret.NONE);
    }

    public boolean configured() {
        return url.isPresent() || clusterNodes.isPresent();
    }

    public boolean cluster() {
        return clusterNodes.isPresent();
    }

    /**
     * The cluster's seed nodes. The error names the entry by its position, never its text: it may hold a password.
     */
    public static List<RedisURI> clusterUris(Secret nodes) {
        List<RedisURI> uris = new ArrayList<>();
        String[] entries = nodes.value().split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            try {
                if (entry.startsWith("redis://") || entry.startsWith("rediss://")) {
                    uris.add(RedisURI.create(entry));
                    continue;
                }
                int colon = entry.lastIndexOf(':');
                String host = colon <= 0 ? "" : entry.substring(0, colon);
                int port = Integer.parseInt(entry.substring(colon + 1));
                if (host.isBlank() || host.contains("/") || host.contains("@") || port < 1 || port > 65535) {
                    throw new IllegalArgumentException();
                }
                uris.add(RedisURI.create(host, port));
            } catch (RuntimeException e) {
                throw new InvalidSettingException(
                        "REDIS_CLUSTER_NODES",
                        "entry " + (i + 1) + " of " + entries.length
                                + " is not host:port or a redis:// or rediss:// URI (e.g. redis-0:6379,redis-1:6379)");
            }
        }
        return uris;
    }

    /** Where Redis is, for logs: hosts and ports, never a password. */
    public String describe() {
        if (cluster()) {
            return "cluster, seed nodes "
                    + String.join(
                            ",",
                            clusterUris(clusterNodes).stream()
                                    .map(u -> u.getHost() + ":" + u.getPort())
                                    .toList());
        }
        return describeUrl();
    }

    /** The parsed URL. The error never repeats the URL: it may hold a password. */
    public static RedisURI uri(Secret url) {
        try {
            return RedisURI.create(url.value());
        } catch (RuntimeException e) {
            throw new InvalidSettingException("REDIS_URL", "is not a redis://, rediss:// or redis-sentinel:// URL");
        }
    }

    private String describeUrl() {
        RedisURI uri = uri(url);
        String scheme = uri.isSsl() ? "rediss" : uri.getSentinels().isEmpty() ? "redis" : "redis-sentinel";
        return uri.getSentinels().isEmpty()
                ? scheme + "://" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase()
                : scheme + "://" + uri.getSentinels().get(0).getHost() + " (master " + uri.getSentinelMasterId() + ")";
    }
}
