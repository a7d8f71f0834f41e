package io.ttsgateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.provider.ProviderFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Resilience4j registries built from the contract's settings (API.md §1, §6). */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(ProvidersProperties providers, Clock clock) {
        return CircuitBreakerRegistry.of(breakerConfig(providers.breaker(), clock));
    }

    /**
     * One threshold for failures and slow calls: the contract opens the breaker "at 50 % failures or 50 % slow calls"
     * and names a single setting, {@code TTS_BREAKER_FAILURE_RATE}. The automatic move to half-open matters for
     * readiness: with every provider open and no traffic, a breaker waiting for a call would never close again.
     *
     * <p>Both of the breaker's clocks are the application's: the one that ends the open state and the one calls are
     * timed with ({@link ProviderGuard} reads it through the breaker), so tests move them together in virtual time.
     * That is wall-clock time: a clock step during a call skews that one call's duration, which a rate over many
     * calls absorbs.
     */
    static CircuitBreakerConfig breakerConfig(ProvidersProperties.Breaker breaker, Clock clock) {
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
                .clock(clock)
                .currentTimestampFunction(
                        c -> ChronoUnit.MICROS.between(Instant.EPOCH, c.instant()), TimeUnit.MICROSECONDS)
                .recordException(FailurePolicy::countsAgainstProvider)
                // A spent quota is neither success nor failure of the service: it has its own state.
                .ignoreException(e -> e instanceof ProviderFailure f && FailurePolicy.isQuotaExceeded(f))
                .build();
    }
}
