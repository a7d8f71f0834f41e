package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.config.Secret;
import io.ttsgateway.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisPropertiesTest {

    @Test
    void shouldAcceptTlsPasswordAndSentinelUrlsAndNeverShowThePassword() {
        RedisProperties tls = properties("rediss://:s3cret-pw@cache.internal:6380/2");
        RedisProperties sentinel = properties("redis-sentinel://:s3cret-pw@sentinel-1:26379/0#mymaster");

        assertThat(RedisProperties.uri(tls.url()).isSsl()).isTrue();
        assertThat(RedisProperties.uri(tls.url()).getPassword()).isEqualTo("s3cret-pw".toCharArray());
        assertThat(tls.describe()).isEqualTo("rediss://cache.internal:6380/2");
        assertThat(sentinel.describe()).isEqualTo("redis-sentinel://sentinel-1 (master mymaster)");
        assertThat(tls.toString() + sentinel.toString() + sentinel.describe()).doesNotContain("s3cret-pw");
    }

    @Test
    void shouldRefuseAnInvalidUrlWithoutRepeatingIt() {
        assertThatThrownBy(() -> properties("http://:s3cret-pw@host"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("REDIS_URL: ")
                .hasMessageNotContaining("s3cret-pw");
        assertThatThrownBy(() -> new RedisProperties(
                        Secret.NONE, "tts:{x}:", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .hasMessageStartingWith("REDIS_KEY_PREFIX: ");
    }

    @Test
    void shouldConnectWithAPassword() {
        int port = TestRedis.freePort();
        TestRedis.Dedicated secured = TestRedis.startEmbedded(port, "requirepass s3cret-pw");
        RedisConnector connector =
                new RedisConnector(properties("redis://:s3cret-pw@127.0.0.1:" + port), Clock.systemUTC());
        RedisConnector wrong = new RedisConnector(properties("redis://:wrong@127.0.0.1:" + port), Clock.systemUTC());
        try {
            connector.start();
            wrong.start();

            assertThat(connector.isUp()).isTrue();
            assertThat(wrong.isUp()).isFalse();
            LimitStore store = connector.usable().orElseThrow();
            assertThat(store.reserve(List.of(new Charge("pw:test", 5, Duration.ofMinutes(1))), 5)
                            .block(Duration.ofSeconds(2)))
                    .isZero();
        } finally {
            connector.stop();
            wrong.stop();
            secured.stop();
        }
    }

    private static RedisProperties properties(String url) {
        return new RedisProperties(
                new Secret(url), "tts:", Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
}
