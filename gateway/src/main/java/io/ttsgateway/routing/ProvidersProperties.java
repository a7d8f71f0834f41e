package io.ttsgateway.routing;

import static io.ttsgateway.config.ConfigChecks.positive;
import static io.ttsgateway.config.ConfigChecks.range;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How providers are chained and guarded (API.md §1, §6). Their timeouts share the {@code gateway.providers} keys but
 * belong to the providers ({@code provider.remote.TimeoutProperties}).
 *
 * @param order {@code TTS_PROVIDERS}: explicit chain; empty means the decision table in the README
 * @param retryMax {@code TTS_RETRY_MAX}: extra calls to one provider for whole audio
 * @param retryBackoff {@code TTS_RETRY_BACKOFF}: first retry delay, doubled for each further retry, with jitter (API.md §1: 200 ms)
 * @param retryAfterMax {@code TTS_RETRY_AFTER_MAX}: the longest provider {@code Retry-After} waited for; a longer one moves on at once (2 s)
 * @param breaker circuit breaker settings, per provider
 */
@ConfigurationProperties("gateway.providers")
record ProvidersProperties(
        @DefaultValue List<String> order,
        @DefaultValue("2") int retryMax,
        @DefaultValue("200ms") Duration retryBackoff,
        @DefaultValue("2s") Duration retryAfterMax,
        @DefaultValue Breaker breaker) {

    ProvidersProperties {
        order = order.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        range("TTS_RETRY_MAX", retryMax, 0, 10);
        positive("TTS_RETRY_BACKOFF", retryBackoff);
        positive("TTS_RETRY_AFTER_MAX", retryAfterMax);
    }

    /**
     * @param window {@code TTS_BREAKER_WINDOW}: calls in the count-based window
     * @param minCalls {@code TTS_BREAKER_MIN_CALLS}: calls before the rates are evaluated
     * @param failureRate {@code TTS_BREAKER_FAILURE_RATE}: percent of failed (or slow) calls that opens it
     * @param slowCall {@code TTS_BREAKER_SLOW_CALL}: no first byte within this is a slow call
     * @param openDuration {@code TTS_BREAKER_OPEN_DURATION}: how long it stays open before trial calls
     */
    record Breaker(
            @DefaultValue("20") int window,
            @DefaultValue("10") int minCalls,
            @DefaultValue("50") int failureRate,
            @DefaultValue("5s") Duration slowCall,
            @DefaultValue("30s") Duration openDuration) {

        Breaker {
            range("TTS_BREAKER_WINDOW", window, 1, 10_000);
            range("TTS_BREAKER_MIN_CALLS", minCalls, 1, 10_000);
            range("TTS_BREAKER_FAILURE_RATE", failureRate, 1, 100);
            positive("TTS_BREAKER_SLOW_CALL", slowCall);
            positive("TTS_BREAKER_OPEN_DURATION", openDuration);
        }
    }
}
