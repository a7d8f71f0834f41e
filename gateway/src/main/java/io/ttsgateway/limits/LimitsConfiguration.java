package io.ttsgateway.limits;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LimitsConfiguration.class);

    @Bean
    InMemoryLimitStore inMemoryLimitStore(Clock clock) {
        return new InMemoryLimitStore(clock);
    }

    @Bean
    RedisConnector redisConnector(RedisProperties properties, Clock clock) {
        if (!properties.configured()) {
            return null;
        }
        log.info("limits in redis at {} with key prefix '{}'", properties.describe(), properties.keyPrefix());
        return new RedisConnector(properties, clock);
    }

    @Bean
    LimitStores limitStores(InMemoryLimitStore memory, ObjectProvider<RedisConnector> redis) {
        RedisConnector connector = redis.getIfAvailable();
        if (connector == null) {
            log.warn("REDIS_URL is not set: limits and budgets are kept in-memory, for this replica only; "
                    + "run a single replica or set REDIS_URL");
        }
        return new LimitStores(memory, connector);
    }

    @Bean
    LimitKeys limitKeys(RedisProperties properties) {
        return new LimitKeys(properties.keyPrefix());
    }

    @Bean
    LeaseKeeper leaseKeeper(RedisProperties properties) {
        return new LeaseKeeper(properties.leaseTtl());
    }

    @Bean
    SynthesisAdmission synthesisAdmission(
            LimitStores stores, LimitKeys keys, RedisProperties properties, LeaseKeeper leases) {
        return new SynthesisAdmission(stores, keys, properties.leaseTtl(), leases);
    }
}
