package io.ttsgateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.ProviderHealthRegistry;
import io.ttsgateway.provider.phoenix.PhoenixProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Resilience4j registries built from the contract's settings (API.md §1, §6). */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(ProvidersProperties providers) {
        return CircuitBreakerRegistry.of(breakerConfig(providers.breaker()));
    }

    /**
     * One threshold for failures and slow calls: the contract opens the breaker "at 50 % failures or 50 % slow calls"
     * and names a single setting, {@code TTS_BREAKER_FAILURE_RATE}. The automatic move to half-open matters for
     * readiness: with every provider open and no traffic, a breaker waiting for a call would never close again.
     */
    static CircuitBreakerConfig breakerConfig(ProvidersProperties.Breaker breaker) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.window())
                .minimumNumberOfCalls(breaker.minCalls())
                .failureRateThreshold(breaker.failureRate())
                .slowCallRateThreshold(breaker.failureRate())
                .slowCallDurationThreshold(breaker.slowCall())
                .waitDurationInOpenState(breaker.openDuration())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(FailurePolicy::countsAgainstProvider)
                // A spent quota is neither success nor failure of the service: it has its own state.
                .ignoreException(e -> e instanceof ProviderFailure f && FailurePolicy.isQuotaExceeded(f))
                .build();
    }

    @Bean
    ProviderHealthRegistry providerHealthRegistry(PhoenixProperties phoenix) {
        return new ProviderHealthRegistry(phoenix.healthFailures());
    }
}
