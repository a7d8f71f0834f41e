package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.routing.RoutingFailure.Exhausted.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailurePolicyTest {

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void shouldRejectWithoutFallbackWhenTheProviderRejectsTheRequest(int status) {
        assertThat(FailurePolicy.classify(status(status, null))).isEqualTo(FailurePolicy.Action.REJECT);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 408, 409, 429, 500, 502, 503, 504})
    void shouldFallBackOnEveryOtherStatus(int status) {
        assertThat(FailurePolicy.classify(status(status, null))).isEqualTo(FailurePolicy.Action.FALLBACK);
    }

    @Test
    void shouldFallBackOnTransportFailures() {
        assertThat(List.<ProviderFailure>of(
                        new ProviderFailure.Refused("p", "x"),
                        new ProviderFailure.Reset("p", "x"),
                        new ProviderFailure.Timeout("p", ProviderFailure.Timeout.Phase.FIRST_BYTE),
                        new ProviderFailure.BadAudio("p", "x")))
                .allSatisfy(f -> assertThat(FailurePolicy.classify(f)).isEqualTo(FailurePolicy.Action.FALLBACK));
    }

    @Test
    void shouldTellASpentQuotaFromAWrongKey() {
        ProviderFailure quota = new ProviderFailure.Status("elevenlabs", 401, "quota_exceeded", "m", null);
        ProviderFailure wrongKey = status(401, "invalid_api_key");
        ProviderFailure phoenixSaysQuota = new ProviderFailure.Status("phoenix", 401, "quota_exceeded", "m", null);

        assertThat(FailurePolicy.isQuotaExceeded(quota)).isTrue();
        assertThat(FailurePolicy.isMisconfiguration(quota)).isFalse();
        assertThat(FailurePolicy.outcome(quota)).isEqualTo("quota-exceeded");
        assertThat(FailurePolicy.isMisconfiguration(wrongKey)).isTrue();
        assertThat(FailurePolicy.isMisconfiguration(status(403, null))).isTrue();
        assertThat(FailurePolicy.outcome(wrongKey)).isEqualTo("status:401");
        assertThat(FailurePolicy.isQuotaExceeded(phoenixSaysQuota))
                .as("only ElevenLabs' own quota_exceeded marks a provider capped")
                .isFalse();
        assertThat(FailurePolicy.outcome(phoenixSaysQuota)).isEqualTo("status:401");
    }

    @Test
    void shouldCountACallAsBillableOnlyWhenItWentOutAndGotNoErrorStatus() {
        assertThat(FailurePolicy.mayBeBilled(new ProviderFailure.Timeout("p", ProviderFailure.Timeout.Phase.IDLE)))
                .isTrue();
        assertThat(FailurePolicy.mayBeBilled(new ProviderFailure.Reset("p", "x")))
                .isTrue();
        assertThat(FailurePolicy.mayBeBilled(new ProviderFailure.BadAudio("p", "x")))
                .isTrue();
        assertThat(FailurePolicy.mayBeBilled(new ProviderFailure.Refused("p", "x")))
                .isFalse();
        assertThat(FailurePolicy.mayBeBilled(status(503, null))).isFalse();
        assertThat(FailurePolicy.mayBeBilled(new ProviderFailure.NotCalled("p", "breaker-open")))
                .isFalse();
    }

    @Test
    void shouldNameTheKindOfExhaustionFromTheAttempts() {
        assertThat(RoutingFailure.Exhausted.kindOf(List.of(Attempt.skipped("phoenix", "format"))))
                .isEqualTo(Kind.NONE_AVAILABLE);
        assertThat(RoutingFailure.Exhausted.kindOf(List.of())).isEqualTo(Kind.NONE_AVAILABLE);
        assertThat(RoutingFailure.Exhausted.kindOf(
                        List.of(new Attempt("phoenix", "status:500", 1), new Attempt("elevenlabs", "timeout", 1))))
                .isEqualTo(Kind.TIMEOUT);
        assertThat(RoutingFailure.Exhausted.kindOf(List.of(
                        new Attempt("phoenix", "timeout", 1),
                        new Attempt("elevenlabs", "refused", 1),
                        Attempt.skipped("local", "format"))))
                .isEqualTo(Kind.FAILED);
    }

    private static ProviderFailure status(int status, String code) {
        return new ProviderFailure.Status("p", status, code, "m", null);
    }
}
