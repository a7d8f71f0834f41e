package io.ttsgateway.soak;

import java.util.List;
import java.util.Objects;

/** The ledger's rows: per client, charged against due in the exact phases and across each Redis restart. */
final class LedgerRows {

    private final Ledger ledger;
    private final List<SoakClients.Client> clients;
    private final GatewayProcess gateway;

    LedgerRows(Ledger ledger, List<SoakClients.Client> clients, GatewayProcess gateway) {
        this.ledger = ledger;
        this.clients = clients;
        this.gateway = gateway;
    }

    void add(Report report, List<Phase> phases) {
        LedgerChecks checks = new LedgerChecks(ledger, clients, gateway.redisEvents());
        List<LedgerChecks.Result> results = checks.results(phases);
        report.detail(String.format(
                "%-14s %-28s %-5s %8s %8s %8s %8s %10s %10s %8s %8s %8s %s",
                "client",
                "phase",
                "exact",
                "requests",
                "whole",
                "part",
                "EL-only",
                "due-low",
                "due-high",
                "day",
                "month",
                "EL",
                "ok"));
        for (LedgerChecks.Result r : results) {
            report.detail(String.format(
                    "%-14s %-28s %-5s %8d %8d %8d %8d %10d %10d %8s %8s %8d %s  (EL due %d..%d)",
                    r.client(),
                    r.phase(),
                    r.exact(),
                    r.due().requests(),
                    r.due().whole(),
                    r.due().part(),
                    r.due().elevenLabsOnly(),
                    r.lowChars(),
                    r.highChars(),
                    r.day(),
                    r.month(),
                    r.elevenLabs(),
                    r.ok() ? "ok" : "MISMATCH",
                    r.lowElevenLabs(),
                    r.highElevenLabs()));
        }
        for (SoakClients.Client client : clients) {
            List<LedgerChecks.Result> mine =
                    results.stream().filter(r -> r.client().equals(client.id())).toList();
            exactRow(
                    report,
                    client,
                    mine.stream().filter(LedgerChecks.Result::exact).toList());
            boundsRow(report, client, mine.stream().filter(r -> !r.exact()).toList());
        }
        report.note("Ledger rule. A request is due its characters (code points of the trimmed text) when audio reached "
                + "its caller (a 200: whole, or part when the caller left or the provider broke the stream), or when "
                + "the fake ElevenLabs received a call for it and did not answer that call with an error status "
                + "(ElevenLabs may bill it, API.md §4); otherwise nothing. Its ElevenLabs due is its characters in the "
                + "second case. Exact phases (Redis up throughout; or down throughout, known down before the phase, "
                + "usage then read from the replica's memory): day, month and ElevenLabs month moved by exactly the "
                + "dues. Redis stopped and started under load, or lost by the gateway on its own (a command timing "
                + "out): the Redis counters moved by at least the dues of the requests that certainly lived in Redis "
                + "(ended a second before the interruption, or began after the gateway had Redis back) and at most "
                + "that plus every character of the requests in between, which may have been reserved in Redis and "
                + "refunded while it was away.");
        List<String> gatewayWide = checks.gatewayWide(phases);
        report.check(
                "ledger: gateway-wide ElevenLabs month moved by the clients' ElevenLabs due (steady phases)",
                "equal in every phase",
                gatewayWide.isEmpty() ? "equal" : String.join("; ", gatewayWide),
                gatewayWide.isEmpty());
        budgets(report, phases);
        billedTwice(report);
        solo(report, phases);
        results.stream().filter(r -> !r.ok()).forEach(r -> explain(report, r, phases));
    }

    private void exactRow(Report report, SoakClients.Client client, List<LedgerChecks.Result> exact) {
        Ledger.Sums due = exact.stream().map(LedgerChecks.Result::due).reduce(Ledger.Sums.ZERO, Ledger.Sums::plus);
        long elevenLabsDue =
                exact.stream().mapToLong(LedgerChecks.Result::lowElevenLabs).sum();
        long day = exact.stream()
                .mapToLong(r -> Objects.requireNonNullElse(r.day(), r.lowChars()))
                .sum();
        long month = exact.stream()
                .mapToLong(r -> Objects.requireNonNullElse(r.month(), r.lowChars()))
                .sum();
        long elevenLabs =
                exact.stream().mapToLong(LedgerChecks.Result::elevenLabs).sum();
        long failed = exact.stream().filter(r -> !r.ok()).count();
        report.check(
                "ledger " + client.id() + ": charged = due, " + exact.size() + " exact phases",
                String.format(
                        "%d (whole %d + part %d + EL-only %d), EL %d",
                        due.chars(), due.whole(), due.part(), due.elevenLabsOnly(), elevenLabsDue),
                String.format(
                        "day %d, month %d, EL %d%s",
                        day, month, elevenLabs, failed == 0 ? "" : ", " + failed + " phases off"),
                failed == 0);
    }

    private void boundsRow(Report report, SoakClients.Client client, List<LedgerChecks.Result> bounds) {
        if (bounds.isEmpty()) {
            return;
        }
        long low = bounds.stream().mapToLong(LedgerChecks.Result::lowChars).sum();
        long high = bounds.stream().mapToLong(LedgerChecks.Result::highChars).sum();
        long lowEl =
                bounds.stream().mapToLong(LedgerChecks.Result::lowElevenLabs).sum();
        long highEl =
                bounds.stream().mapToLong(LedgerChecks.Result::highElevenLabs).sum();
        long day = bounds.stream()
                .mapToLong(r -> Objects.requireNonNullElse(r.day(), r.lowChars()))
                .sum();
        long elevenLabs =
                bounds.stream().mapToLong(LedgerChecks.Result::elevenLabs).sum();
        long failed = bounds.stream().filter(r -> !r.ok()).count();
        report.check(
                "ledger " + client.id() + ": Redis counters across " + bounds.size() + " interruptions",
                String.format("in [%d, %d], EL in [%d, %d]", low, high, lowEl, highEl),
                String.format("day %d, EL %d%s", day, elevenLabs, failed == 0 ? "" : ", " + failed + " off"),
                failed == 0);
    }

    /** No window is ever passed by a character, in Redis or in memory (API.md §4). */
    private void budgets(Report report, List<Phase> phases) {
        for (SoakClients.Client client : clients) {
            if (client.charsPerDay() == null) {
                continue;
            }
            long day = 0;
            long month = 0;
            long elevenLabs = 0;
            for (Phase phase : phases) {
                for (Usage.Snapshot s :
                        List.of(phase.before().get(client.id()), phase.after().get(client.id()))) {
                    day = Math.max(day, s.day());
                    month = Math.max(month, s.month());
                    elevenLabs = Math.max(elevenLabs, s.elevenLabs());
                }
            }
            boolean ok = day <= client.charsPerDay()
                    && month <= client.charsPerMonth()
                    && elevenLabs <= client.elevenLabsPerMonth();
            report.check(
                    "budgets of " + client.id() + " never passed",
                    String.format(
                            "day <= %d, month <= %d, EL <= %d",
                            client.charsPerDay(), client.charsPerMonth(), client.elevenLabsPerMonth()),
                    String.format("max day %d, month %d, EL %d", day, month, elevenLabs),
                    ok);
        }
    }

    /**
     * Whole audio is retried after a break part-way (API.md §1), and each try went out and may be billed; the caps
     * count a request once. The difference is what ElevenLabs may bill beyond the caps.
     */
    private void billedTwice(Report report) {
        long requests = 0;
        long calls = 0;
        long callChars = 0;
        long counted = 0;
        for (Exchange e : ledger.all()) {
            long billable = ledger.elevenLabsReceipts(e.id()).stream()
                    .filter(r -> r.answer().billable())
                    .count();
            if (billable > 0) {
                requests++;
                calls += billable;
                callChars += billable * e.chars();
                counted += e.chars();
            }
        }
        report.info(
                "ElevenLabs calls that may be billed, against characters the caps counted",
                requests + " requests, " + calls + " calls",
                callChars + " characters in calls, " + counted + " counted (" + (callChars - counted) + " more)");
    }

    /** Solo clients: each request's own charge, read right after it, against its due (a diagnostic). */
    private void solo(Report report, List<Phase> phases) {
        List<Integer> exact =
                phases.stream().filter(Phase::exact).map(Phase::index).toList();
        List<Exchange> read = ledger.where(e -> e.charged() != null && exact.contains(e.phase()));
        List<Exchange> off = read.stream()
                .filter(e -> e.charged() != ledger.due(e).chars()
                        || e.elevenLabsCharged() != ledger.due(e).elevenLabs())
                .toList();
        report.info("solo clients: each request's own charge = its due", read.size() + " read", off.size() + " differ");
        off.stream()
                .limit(60)
                .forEach(e -> report.detail(
                        "solo differs: " + describe(e) + " charged " + e.charged() + " EL " + e.elevenLabsCharged()));
    }

    private void explain(Report report, LedgerChecks.Result result, List<Phase> phases) {
        report.detail(
                "mismatch " + result.client() + " " + result.phase() + ": requests other than plain whole audio:");
        List<Integer> indexes = phases.stream()
                .filter(p -> result.phase().contains(p.name()))
                .map(Phase::index)
                .toList();
        ledger.where(e -> e.client().equals(result.client()) && indexes.contains(e.phase())).stream()
                .filter(e -> ledger.due(e).reason() != Ledger.Reason.WHOLE_AUDIO || e.kind() != CallerKind.NORMAL)
                .limit(80)
                .forEach(e -> report.detail("  " + describe(e)));
    }

    private String describe(Exchange e) {
        Ledger.Due due = ledger.due(e);
        return String.format(
                "%s %s %s %s status %d bytes %d chars %d due %d EL %d (%s) | %s",
                e.id(),
                e.client(),
                e.surface().label(),
                e.kind(),
                e.response().status(),
                e.response().bodyBytes(),
                e.chars(),
                due.chars(),
                due.elevenLabs(),
                due.reason(),
                gateway.accessLine(e.id()));
    }
}
