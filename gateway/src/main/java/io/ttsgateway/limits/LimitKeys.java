package io.ttsgateway.limits;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;

/**
 * Names of the keys limits live under (API.md §4). The part in braces is a Redis Cluster hash tag: every key one
 * script touches shares it, so the same scripts run on a cluster. A client's own keys share {@code {client}}; every
 * ElevenLabs cap key shares {@code {elevenlabs}}, because one reservation checks a client's cap and the
 * gateway-wide cap together.
 */
public record LimitKeys(String prefix) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    public String rate(String client) {
        return prefix + "{" + client + "}:rate";
    }

    public String streams(String client) {
        return prefix + "{" + client + "}:streams";
    }

    public String day(String client, LocalDate day) {
        return prefix + "{" + client + "}:chars:day:" + DAY.format(day);
    }

    public String month(String client, YearMonth month) {
        return prefix + "{" + client + "}:chars:month:" + MONTH.format(month.atDay(1));
    }

    public String elevenLabsClient(String client, YearMonth month) {
        return prefix + "{elevenlabs}:client:" + client + ":" + MONTH.format(month.atDay(1));
    }

    public String elevenLabsGateway(YearMonth month) {
        return prefix + "{elevenlabs}:gateway:" + MONTH.format(month.atDay(1));
    }
}
