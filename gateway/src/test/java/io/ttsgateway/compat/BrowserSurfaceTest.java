package io.ttsgateway.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.api.ApiProblem;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The token lifetime a caller asks for, read from the body as written (API.md §2 "for browsers"). */
class BrowserSurfaceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldRefuseATtlPastTheLongRangeAs400NotAFailure() {
        for (String ttl : new String[] {"9223372036854775808", "-9223372036854775809", "99999999999999999999999999"}) {

            assertThatThrownBy(() -> BrowserSurface.ttl(JSON.readTree("{\"ttl_seconds\":" + ttl + "}")))
                    .as(ttl)
                    .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(400);
                        assertThat(problem.extras().get("errors").toString()).contains("ttl_seconds");
                    });
        }
    }

    @Test
    void shouldReadTtlsWithinRangeAndDefaultToOneMinute() {
        assertThat(BrowserSurface.ttl(JSON.readTree("{\"ttl_seconds\":300}"))).isEqualTo(Duration.ofSeconds(300));
        assertThat(BrowserSurface.ttl(JSON.readTree("{}"))).isEqualTo(Duration.ofSeconds(60));
    }
}
