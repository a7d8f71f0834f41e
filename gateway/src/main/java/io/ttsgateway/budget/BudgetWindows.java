package io.ttsgateway.budget;

import io.ttsgateway.auth.Client;
import io.ttsgateway.limits.Charge;
import io.ttsgateway.limits.LimitKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The windows a request's characters count against (API.md §4): the client's UTC day and UTC calendar month, and for
 * ElevenLabs its monthly cap and the gateway-wide one. Pure: a client, an instant and the keys in, the charges out.
 */
public final class BudgetWindows {

    /** Counters outlive their window by this much, so a late refund still finds them and clocks may differ a little. */
    static final Duration GRACE = Duration.ofHours(1);

    private final LimitKeys keys;

    public BudgetWindows(LimitKeys keys) {
        this.keys = keys;
    }

    /**
     * One window of a client's budget.
     *
     * @param name {@code day} or {@code month}
     * @param charge its counter
     * @param resetsAt when the window ends
     */
    public record Window(String name, Charge charge, Instant resetsAt) {}

    public List<Window> clientWindows(Client client, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        YearMonth month = YearMonth.from(day);
        Instant dayEnd = dayEnd(day);
        Instant monthEnd = monthEnd(month);
        return List.of(
                new Window(
                        "day",
                        new Charge(
                                keys.day(client.id(), day),
                                limit(client.limits().charsPerDay()),
                                ttl(now, dayEnd)),
                        dayEnd),
                new Window(
                        "month",
                        new Charge(
                                keys.month(client.id(), month),
                                limit(client.limits().charsPerMonth()),
                                ttl(now, monthEnd)),
                        monthEnd));
    }

    /**
     * The two ElevenLabs caps of a month, reserved together.
     *
     * @param client the client's own ElevenLabs month ({@code elevenlabs.chars-per-month})
     * @param gateway the gateway-wide month ({@code ELEVENLABS_MONTHLY_CHAR_CAP}, {@code -1}: none)
     */
    public record ElevenLabsWindows(Window client, Window gateway) {

        /** The charges in the order the store reserves them. */
        public List<Charge> charges() {
            return List.of(client.charge(), gateway.charge());
        }

        /**
         * The attempt outcome naming the cap that refused, from the store's answer (the 1-based position of the first
         * charge that would pass its limit, in {@link #charges()} order).
         */
        public String refusal(int position) {
            return "cap:" + (position == 1 ? client : gateway).name();
        }
    }

    public ElevenLabsWindows elevenLabsWindows(Client client, long gatewayMonthlyCap, Instant now) {
        YearMonth month = YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
        Instant monthEnd = monthEnd(month);
        Duration ttl = ttl(now, monthEnd);
        return new ElevenLabsWindows(
                new Window(
                        "client-elevenlabs",
                        new Charge(
                                keys.elevenLabsClient(client.id(), month),
                                limit(client.limits().elevenLabsCharsPerMonth()),
                                ttl),
                        monthEnd),
                elevenLabsGatewayWindow(gatewayMonthlyCap, now));
    }

    /** The gateway-wide ElevenLabs month ({@code ELEVENLABS_MONTHLY_CHAR_CAP}, {@code -1}: none). */
    public Window elevenLabsGatewayWindow(long gatewayMonthlyCap, Instant now) {
        YearMonth month = YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
        Instant monthEnd = monthEnd(month);
        return new Window(
                "elevenlabs-monthly",
                new Charge(keys.elevenLabsGateway(month), gatewayMonthlyCap, ttl(now, monthEnd)),
                monthEnd);
    }

    public static Instant dayEnd(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Instant monthEnd(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whole seconds until {@code until}, rounded up, at least 1: a {@code Retry-After} that is never "now". */
    public static long secondsUntil(Instant now, Instant until) {
        long millis = Duration.between(now, until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static long limit(Long configured) {
        return configured == null ? Charge.UNLIMITED : configured;
    }

    private static Duration ttl(Instant now, Instant windowEnd) {
        return Duration.between(now, windowEnd).plus(GRACE);
    }
}
