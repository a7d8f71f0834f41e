package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.provider.ProviderFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(2));

    @Test
    void shouldBackOffExponentiallyFrom200msWithUpToHalfAgainAsJitter() {
        ProviderFailure refused = new ProviderFailure.Refused("p", "x");

        assertThat(policy.delayFor(refused, 0, 0.0)).contains(Duration.ofMillis(200));
        assertThat(policy.delayFor(refused, 0, 0.999)).get().isEqualTo(Duration.ofMillis(299));
        assertThat(policy.delayFor(refused, 1, 0.0)).contains(Duration.ofMillis(400));
        assertThat(policy.delayFor(refused, 1, 0.5)).contains(Duration.ofMillis(500));
    }

    @Test
    void shouldStopAfterTheConfiguredRetries() {
        assertThat(policy.delayFor(new ProviderFailure.Reset("p", "x"), 2, 0.1)).isEmpty();
        assertThat(new RetryPolicy(0, Duration.ofMillis(200), Duration.ofSeconds(2))
                        .delayFor(new ProviderFailure.Reset("p", "x"), 0, 0.1))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void shouldRetryTheseStatuses(int status) {
        assertThat(policy.delayFor(status(status, null), 0, 0.0)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422, 500, 501})
    void shouldNotRetryOtherStatuses(int status) {
        assertThat(policy.delayFor(status(status, null), 0, 0.0)).isEmpty();
    }

    @Test
    void shouldNeverRetryTimeoutsBadAudioOrAnOpenBreaker() {
        assertThat(policy.delayFor(new ProviderFailure.Timeout("p", ProviderFailure.Timeout.Phase.FIRST_BYTE), 0, 0))
                .isEmpty();
        assertThat(policy.delayFor(new ProviderFailure.BadAudio("p", "x"), 0, 0))
                .isEmpty();
        assertThat(policy.delayFor(new ProviderFailure.NotCalled("p", "breaker-open"), 0, 0))
                .isEmpty();
    }

    @Test
    void shouldWaitForRetryAfterUpToTwoSecondsAndMoveOnBeyond() {
        assertThat(policy.delayFor(status(429, Duration.ofSeconds(1)), 0, 0.0)).contains(Duration.ofSeconds(1));
        assertThat(policy.delayFor(status(503, Duration.ofSeconds(2)), 0, 0.0)).contains(Duration.ofSeconds(2));
        assertThat(policy.delayFor(status(503, Duration.ofMillis(2001)), 0, 0.0))
                .isEmpty();
        assertThat(policy.delayFor(status(503, Duration.ZERO), 1, 0.0))
                .as("never shorter than the backoff")
                .contains(Duration.ofMillis(400));
    }

    private static ProviderFailure.Status status(int status, Duration retryAfter) {
        return new ProviderFailure.Status("p", status, null, "m", retryAfter);
    }
}
