package io.ttsgateway.limits;

import io.ttsgateway.testing.TestRedis;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link LimitsHttpContract} with limits in a real Redis, under a key prefix of this run's own. */
class RedisLimitsIT extends LimitsHttpContract {

    static final String PREFIX = TestRedis.uniquePrefix();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("gateway.redis.url", TestRedis::url);
        registry.add("gateway.redis.key-prefix", () -> PREFIX);
    }
}
