package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.ttsgateway.config.Secret;
import io.ttsgateway.limits.RedisConnector;
import io.ttsgateway.limits.RedisProperties;
import io.ttsgateway.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Cache entries in a real Redis (API.md §9 "Store"): bytes in, the same bytes out, expiring a TTL after they were
 * stored, nothing readable of the request in key or value, and a Redis that is away is a miss, never an error.
 */
class RedisAudioStoreIT {

    private final String prefix = TestRedis.uniquePrefix();
    private RedisConnector connector;
    private RedisClient raw;

    private RedisAudioStore store(String url) {
        connector = new RedisConnector(
                new RedisProperties(
                        new Secret(url),
                        prefix,
                        Duration.ofMillis(500),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(30)),
                Clock.systemUTC());
        connector.start();
        return new RedisAudioStore(connector, prefix, Duration.ofHours(1), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.stop();
        }
        if (raw != null) {
            raw.shutdown();
        }
    }

    @Test
    void shouldStoreBytesThatExpireAndHoldNothingOfTheRequest() {
        RedisAudioStore store = store(TestRedis.url());
        String text = "Your balance is 1,234 euros";
        String key = new CacheKeys("a secret of at least thirty-two bytes".getBytes())
                .key(new CacheableRequest("client:alpha", "narrator", "mp3_44100_128", "audio", Map.of(), text));
        byte[] audio = "ID3\u0000binary\u00ffaudio".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(store.get(key).block()).isNull();
        store.put(key, new CachedAudio("phoenix", audio)).block();

        assertThat(store.get(key).block()).isEqualTo(new CachedAudio("phoenix", audio));
        assertThat(store.bytes()).isEqualTo(new CachedAudio("phoenix", audio).encode().length);
        raw = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, byte[]> connection =
                raw.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            var keys = connection.sync().keys(prefix + "*");
            assertThat(keys).containsExactly(prefix + "cache:" + key);
            byte[] value = connection.sync().get(prefix + "cache:" + key);
            assertThat(new String(value, StandardCharsets.ISO_8859_1))
                    .doesNotContain(text)
                    .doesNotContain("balance");
            // Not Java serialization: the entry's own format, version 1.
            assertThat(value[0]).isEqualTo((byte) 1);
            long ttl = connection.sync().pttl(prefix + "cache:" + key);
            assertThat(ttl)
                    .isBetween(
                            Duration.ofMinutes(59).toMillis(),
                            Duration.ofHours(1).toMillis());
            // A read does not extend it.
            connection.sync().pexpire(prefix + "cache:" + key, 5_000);
            store.get(key).block();
            assertThat(connection.sync().pttl(prefix + "cache:" + key)).isLessThanOrEqualTo(5_000);
            // A value this store did not write is no entry.
            connection.sync().set(prefix + "cache:" + key, "{\"foreign\":true}".getBytes());
            assertThat(store.get(key).block()).isNull();
        }
    }

    @Test
    void shouldMissAndSkipStoringWhileRedisIsAway() {
        TestRedis.Dedicated redis = TestRedis.startEmbedded(TestRedis.freePort());
        RedisAudioStore store = store(redis.url());
        store.put("k", new CachedAudio("phoenix", new byte[] {1})).block();
        assertThat(store.get("k").block()).isNotNull();

        redis.stop();
        long started = System.nanoTime();
        assertThat(store.get("k").block(Duration.ofSeconds(5))).isNull();
        store.put("k2", new CachedAudio("phoenix", new byte[] {2})).block(Duration.ofSeconds(5));
        assertThat(store.get("k").block(Duration.ofSeconds(5))).isNull();
        // Within the command timeout, and at once once Redis is known to be down.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        await().until(() -> !connector.isUp());
        assertThat(store.get("k").block(Duration.ofSeconds(5))).isNull();
    }

    @Test
    void shouldFetchAnEntryOnceForAThousandSimultaneousHitsAndLeaveTheLimitsAlone() {
        TestRedis.Dedicated redis = TestRedis.startEmbedded(TestRedis.freePort());
        try {
            RedisAudioStore store = store(redis.url());
            CachedAudio big = new CachedAudio("phoenix", new byte[2 * 1024 * 1024]);
            store.put("notification", big).block();
            raw = RedisClient.create(redis.url());
            var counts = raw.connect().sync();
            counts.configResetstat();

            List<CachedAudio> hits = Flux.range(0, 1000)
                    .flatMap(i -> store.get("notification"), 1000)
                    .collectList()
                    .block(Duration.ofSeconds(60));

            assertThat(hits).hasSize(1000).allSatisfy(hit -> assertThat(hit).isEqualTo(big));
            String stats = counts.info("commandstats");
            long gets = Long.parseLong(stats.replaceAll("(?s).*cmdstat_get:calls=(\\d+).*", "$1"));
            assertThat(gets).isLessThan(100);
            // The limits' connection saw none of it: Redis was never marked down.
            assertThat(connector.isUp()).isTrue();
        } finally {
            redis.stop();
        }
    }
}
