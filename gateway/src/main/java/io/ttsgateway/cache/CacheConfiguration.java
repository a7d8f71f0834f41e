package io.ttsgateway.cache;

import io.ttsgateway.limits.RedisConnector;
import io.ttsgateway.limits.RedisProperties;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);

    @Bean
    AudioCache audioCache(
            CacheProperties properties,
            RedisProperties redisProperties,
            ObjectProvider<RedisConnector> redis,
            Clock clock) {
        CacheScope scope = properties.scope();
        byte[] secret;
        if (properties.secret().isPresent()) {
            secret = properties.secret().value().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }
        RedisConnector connector = redis.getIfAvailable();
        AudioStore store = connector == null
                ? new MemoryAudioStore(properties.maxBytes().toBytes(), properties.ttl(), clock)
                : new RedisAudioStore(connector, redisProperties.keyPrefix(), properties.ttl(), clock);
        if (scope == CacheScope.OFF) {
            log.info("audio cache off (TTS_CACHE=off): every request calls a provider");
        } else {
            log.info(
                    "audio cache on, scope {}, in {}{}",
                    scope.name().toLowerCase(Locale.ROOT),
                    connector == null ? "memory (" + properties.maxBytes() + ")" : "redis",
                    properties.secret().isPresent()
                            ? ""
                            : ", keyed with a random secret: entries do not outlive this process (set TTS_CACHE_SECRET"
                                    + " to share them across replicas and restarts)");
        }
        return new AudioCache(
                scope, new CacheKeys(secret), store, properties.maxEntry().toBytes());
    }
}
