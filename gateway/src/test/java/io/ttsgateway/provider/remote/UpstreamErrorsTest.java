package io.ttsgateway.provider.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.ttsgateway.provider.ProviderFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class UpstreamErrorsTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldReadElevenLabsErrorBodies() {
        ProviderFailure.Status failure = UpstreamErrors.fromStatus(
                "elevenlabs",
                401,
                "{\"detail\":{\"status\":\"quota_exceeded\",\"message\":\"This request exceeds your quota.\"}}",
                null,
                json);

        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.code()).contains("quota_exceeded");
        assertThat(failure.getMessage()).isEqualTo("This request exceeds your quota.");
        assertThat(failure.outcome()).isEqualTo("status:401");
    }

    @Test
    void shouldReadFastApiStyleBodies() {
        assertThat(UpstreamErrors.fromStatus(
                                "phoenix",
                                422,
                                "{\"detail\":[{\"msg\":\"field required\"},{\"msg\":\"bad\"}]}",
                                null,
                                json)
                        .getMessage())
                .isEqualTo("field required; bad");
        assertThat(UpstreamErrors.fromStatus("phoenix", 400, "{\"detail\":\"no such voice\"}", null, json)
                        .getMessage())
                .isEqualTo("no such voice");
    }

    @Test
    void shouldSanitizeTextAndHtmlBodies() {
        String html = "<html><body><h1>502 Bad Gateway</h1>\r\n\u0000nginx</body></html>" + "x".repeat(400);

        String message =
                UpstreamErrors.fromStatus("phoenix", 502, html, null, json).getMessage();

        assertThat(message).startsWith("502 Bad Gateway nginx").doesNotContain("<", "\r", "\n", "\u0000");
        assertThat(message.length()).isLessThanOrEqualTo(301);
    }

    @Test
    void shouldStripBidiControlsSeparatorsAndUnclosedMarkup() {
        String hostile = "voice \u202Eelbavlos\u202C not found\u2028next line\u2066x\u2069 <script src=//evil";

        String message = UpstreamErrors.sanitize(hostile);

        assertThat(message).isEqualTo("voice elbavlos not found next linex script src=//evil");
    }

    @Test
    void shouldCutAtThreeHundredCodePointsWithoutSplittingOne() {
        String message = UpstreamErrors.sanitize("\uD83D\uDE00".repeat(400));

        assertThat(message.codePointCount(0, message.length())).isEqualTo(301);
        assertThat(message).endsWith("\uD83D\uDE00…");
    }

    @Test
    void shouldSanitizeARunOfOpeningBracketsInLinearTime() {
        // Quadratic work on this input (a regular expression that rescans from every '<') takes minutes.
        String hostile = "<".repeat(400_000) + "tail";

        String message =
                Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> UpstreamErrors.sanitize(hostile));

        assertThat(message).isEqualTo("tail");
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrDate() {
        assertThat(UpstreamErrors.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(UpstreamErrors.retryAfter(" ")).isNull();
        assertThat(UpstreamErrors.retryAfter("soon")).isNull();
        String inTenSeconds =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(UpstreamErrors.retryAfter(inTenSeconds)).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(10));
    }

    @Test
    void shouldClassifyTransportFailures() {
        assertThat(UpstreamErrors.fromThrowable("p", new RuntimeException(new ConnectException("refused"))))
                .isInstanceOf(ProviderFailure.Refused.class);
        assertThat(UpstreamErrors.fromThrowable("p", new ConnectTimeoutException("slow connect")))
                .isInstanceOf(ProviderFailure.Refused.class);
        assertThat(UpstreamErrors.fromThrowable("p", new RuntimeException(new IOException("Connection reset by peer"))))
                .isInstanceOf(ProviderFailure.Reset.class)
                .hasMessage("connection broke: IOException");
    }
}
