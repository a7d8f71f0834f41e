package io.ttsgateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.auth.Client;
import io.ttsgateway.auth.ClientLimits;
import io.ttsgateway.limits.Charge;
import io.ttsgateway.limits.LimitKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetWindowsTest {

    private final BudgetWindows windows = new BudgetWindows(new LimitKeys("tts:"));
    private final Client client =
            new Client("bank", new byte[32], new ClientLimits(60, 10, 200L, 3000L, true, 500L, 10));

    @Test
    void shouldUseTheUtcDayAndCalendarMonthWithKeysOfOneHashTag() {
        List<BudgetWindows.Window> w = windows.clientWindows(client, Instant.parse("2026-11-30T23:59:59Z"));

        assertThat(w.get(0).name()).isEqualTo("day");
        assertThat(w.get(0).charge().key()).isEqualTo("tts:{bank}:chars:day:20261130");
        assertThat(w.get(0).charge().limit()).isEqualTo(200);
        assertThat(w.get(0).resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(w.get(1).charge().key()).isEqualTo("tts:{bank}:chars:month:202611");
        assertThat(w.get(1).resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(w.get(0).charge().ttl()).isEqualTo(Duration.ofSeconds(1).plus(BudgetWindows.GRACE));
    }

    @Test
    void shouldMoveToTheNextWindowsAtMidnightUtc() {
        List<BudgetWindows.Window> w = windows.clientWindows(client, Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(w.get(0).charge().key()).endsWith(":day:20261201");
        assertThat(w.get(1).charge().key()).endsWith(":month:202612");
        assertThat(w.get(1).resetsAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void shouldTreatAMissingBudgetAsUnlimitedButCounted() {
        Client open = new Client("open", new byte[32], new ClientLimits(60, 10, null, null, false, null, 10));

        List<BudgetWindows.Window> w = windows.clientWindows(open, Instant.parse("2026-11-26T10:00:00Z"));

        assertThat(w).extracting(x -> x.charge().limit()).containsExactly(Charge.UNLIMITED, Charge.UNLIMITED);
    }

    @Test
    void shouldPutBothElevenLabsCapsUnderOneHashTag() {
        BudgetWindows.ElevenLabsWindows w =
                windows.elevenLabsWindows(client, 100_000, Instant.parse("2026-02-10T00:00:00Z"));

        assertThat(w.client().charge().key()).isEqualTo("tts:{elevenlabs}:client:bank:202602");
        assertThat(w.client().charge().limit()).isEqualTo(500);
        assertThat(w.gateway().charge().key()).isEqualTo("tts:{elevenlabs}:gateway:202602");
        assertThat(w.gateway().charge().limit()).isEqualTo(100_000);
        assertThat(w.gateway().resetsAt()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(w.charges()).containsExactly(w.client().charge(), w.gateway().charge());
        assertThat(w.refusal(1)).isEqualTo("cap:client-elevenlabs");
        assertThat(w.refusal(2)).isEqualTo("cap:elevenlabs-monthly");
    }

    @Test
    void shouldRoundRetryAfterUpAndNeverToZero() {
        Instant now = Instant.parse("2026-11-26T23:59:58.200Z");

        assertThat(BudgetWindows.secondsUntil(now, Instant.parse("2026-11-27T00:00:00Z")))
                .isEqualTo(2);
        assertThat(BudgetWindows.secondsUntil(now, now)).isEqualTo(1);
    }
}
