package io.ttsgateway.observability;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ttsgateway.auth.ClientRegistry;
import io.ttsgateway.budget.BudgetWindows;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.elevenlabs.ElevenLabsProperties;
import io.ttsgateway.routing.ProviderGuard;
import io.ttsgateway.routing.SynthesisRouter;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gauges of API.md §5 that describe state rather than requests: providers, breakers, budgets. */
@Configuration(proxyBeanMethods = false)
class GaugesConfiguration {

    /** {@code tts_provider_up{provider}}: 1 while usable (not down, capped or open), else 0. */
    @Bean
    MeterBinder providerUpGauges(SynthesisRouter router) {
        return meters -> {
            for (TtsProvider provider : router.chain()) {
                ProviderGuard guard = router.guard(provider.name());
                Gauge.builder(MeterNames.PROVIDER_UP, guard, g -> g.state() == ProviderGuard.State.UP ? 1 : 0)
                        .description("1 while the provider is usable: not down, capped or behind an open breaker")
                        .tag("provider", provider.name())
                        .register(meters);
            }
        };
    }

    /** {@code tts_cache_bytes}: what this replica's cache store holds, or the Redis entries it knows it stored. */
    @Bean
    MeterBinder cacheBytesGauge(AudioCache cache) {
        return meters -> Gauge.builder(MeterNames.CACHE_BYTES, cache, AudioCache::bytes)
                .description("Bytes held by this replica's audio cache, or by the Redis entries it stored")
                .baseUnit("bytes")
                .register(meters);
    }

    /** Resilience4j's own breaker meters, e.g. {@code resilience4j_circuitbreaker_state}. */
    @Bean
    TaggedCircuitBreakerMetrics circuitBreakerMetrics(CircuitBreakerRegistry breakers, MeterRegistry meters) {
        TaggedCircuitBreakerMetrics metrics = TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers);
        metrics.bindTo(meters);
        return metrics;
    }

    @Bean
    BudgetRatioGauges budgetRatioGauges(
            ClientRegistry clients,
            LimitStores stores,
            BudgetWindows windows,
            ElevenLabsProperties elevenLabs,
            Clock clock,
            MeterRegistry meters) {
        return new BudgetRatioGauges(clients, stores, windows, elevenLabs.monthlyCharCap(), clock, meters);
    }
}
