package io.ttsgateway.soak;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns what the run saw into the report: figures first, then every check with what it expected and measured. */
final class RunChecks {

    private static final Set<Integer> EXPECTED_STATUSES = Set.of(200, 401, 422, 429, 502, 503, 504);

    private final List<SoakClients.Client> clients;
    private final Ledger ledger;
    private final SoakProvider phoenix;
    private final SoakProvider elevenLabs;
    private final GatewayProcess gateway;
    private final Usage usage;
    private final StallWatch stalls;

    RunChecks(
            List<SoakClients.Client> clients,
            Ledger ledger,
            SoakProvider phoenix,
            SoakProvider elevenLabs,
            GatewayProcess gateway,
            Usage usage,
            StallWatch stalls) {
        this.stalls = stalls;
        this.clients = clients;
        this.ledger = ledger;
        this.phoenix = phoenix;
        this.elevenLabs = elevenLabs;
        this.gateway = gateway;
        this.usage = usage;
    }

    Report report(
            List<Phase> phases,
            Map<String, Usage.Snapshot> last,
            Map<String, GatewayProcess.Footprint> footprints,
            Map<String, Long> keys,
            Schedule schedule,
            int maxKeys) {
        Report report = new Report();
        List<Exchange> all = ledger.all();
        figures(report, all, phases, schedule);
        new LedgerRows(ledger, clients, gateway).add(report, phases);
        traffic(report, all, phases, last);
        redisNotice(report, phases);
        ResourceRows.add(report, footprints, keys, maxKeys);
        return report;
    }

    private void figures(Report report, List<Exchange> all, List<Phase> phases, Schedule schedule) {
        long seconds =
                phases.stream().mapToLong(p -> p.endNanos() - p.startNanos()).sum() / 1_000_000_000L;
        report.figure(String.format(
                "requests: %d in %d s of traffic (%.1f/s), %d phases, %d Redis restarts",
                all.size(), seconds, all.size() / Math.max(1.0, seconds), phases.size(), schedule.restarts()));
        report.figure("  by surface:  " + counts(all, e -> e.surface().label()));
        report.figure("  by caller:   " + counts(all, e -> e.kind().name().toLowerCase(java.util.Locale.ROOT)));
        report.figure("  answers:     " + counts(all, RunChecks::answer));
        all.stream()
                .max(java.util.Comparator.comparingLong(e -> e.endNanos() - e.startNanos()))
                .ifPresent(e -> report.figure(String.format(
                        "  longest:     %.1f s (%s, %s, %s, %s)",
                        (e.endNanos() - e.startNanos()) / 1e9,
                        e.id(),
                        e.surface().label(),
                        e.kind(),
                        answer(e))));
        report.figure("  served by:   "
                + counts(
                        all.stream().filter(Exchange::audioReached).toList(),
                        e -> String.valueOf(e.response().header("X-TTS-Provider"))));
        report.figure("faults injected (answers given, by kind):");
        report.figure("  phoenix:     " + phoenix.answered() + ", health probes " + phoenix.healthChecks()
                + ", health failing 6 s in "
                + phases.stream().filter(p -> p.note().contains("phoenix")).count()
                + " phases");
        report.figure("  elevenlabs:  " + elevenLabs.answered());
        List<StallWatch.Stall> stalled = stalls.stalls();
        report.figure(String.format(
                "machine: %d stalls over 1 s (the gateway's /health or the soak's own clock late), %.1f s in all, "
                        + "longest %.1f s; load average %s",
                stalled.size(),
                stalled.stream().mapToDouble(StallWatch.Stall::seconds).sum(),
                stalled.stream().mapToDouble(StallWatch.Stall::seconds).max().orElse(0),
                loadAverage()));
        report.figure(
                "  redis:       " + schedule.restarts() + " restarts (SHUTDOWN SAVE under load, an outage, a start "
                        + "under load); gateway log: " + gateway.redisEvents().size() + " redis state changes, "
                        + gateway.warnings() + " WARN lines");
    }

    /**
     * How long the gateway took to notice Redis gone (a command failing) and back (its periodic check): API.md §4
     * says a few seconds for the latter.
     */
    private static void redisNotice(Report report, List<Phase> phases) {
        String lost = phases.stream()
                .filter(p -> p.kind() == Phase.Kind.DOWN)
                .map(p -> String.format("%.1f", (p.seenNanos() - p.stopNanos()) / 1e9))
                .collect(Collectors.joining(", "));
        String found = phases.stream()
                .filter(p -> p.kind() == Phase.Kind.UP)
                .map(p -> String.format("%.1f", (p.seenNanos() - p.stopNanos()) / 1e9))
                .collect(Collectors.joining(", "));
        report.info(
                "Redis restarts: seconds until /ready said DOWN; said UP again after redis-server was up",
                "UP within a few seconds (API.md §4)",
                "DOWN after " + lost + "; UP after " + found);
    }

    /** The 15-minute load average, to say how busy the machine was. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" ", 4)[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** How a request ended, as its caller saw it. */
    private static String answer(Exchange e) {
        RawHttp.Response r = e.response();
        if (r.hungUp()) {
            return "hung up";
        }
        if (r.status() == 200) {
            return r.complete() ? "200 whole" : r.left() ? "200 left" : "200 broken";
        }
        if (r.status() < 0) {
            return "no answer";
        }
        return r.status() + (r.problem() == null ? "" : " " + r.problem());
    }

    private static String counts(List<Exchange> exchanges, Function<Exchange, String> key) {
        return exchanges.stream()
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()))
                .toString();
    }

    private void traffic(Report report, List<Exchange> all, List<Phase> phases, Map<String, Usage.Snapshot> last) {
        List<String> unexpected = all.stream()
                .filter(e -> e.response().status() >= 0
                                && !EXPECTED_STATUSES.contains(e.response().status())
                        || e.response().status() == 401
                                && !"quota_exceeded".equals(e.response().problem()))
                .map(e -> e.id() + " " + answer(e))
                .toList();
        report.check(
                "statuses: only 200, 401 quota_exceeded (ElevenLabs surface), 422, 429, 502, 503, 504",
                "0 others",
                unexpected.size() + " others",
                unexpected.isEmpty());
        unexpected.stream().limit(50).forEach(line -> report.detail("unexpected status: " + line));

        List<Exchange> unanswered = all.stream()
                .filter(e -> !e.response().hungUp()
                        && !e.response().left()
                        && e.response().status() < 0)
                .toList();
        report.check(
                "every caller that waited got an answer",
                "0 without",
                unanswered.size() + " without",
                unanswered.isEmpty());
        unanswered.stream()
                .limit(50)
                .forEach(e -> report.detail("no answer: " + e.id() + " "
                        + e.response().transportError() + " " + gateway.accessLine(e.id())));

        new AnswerRows(phoenix, elevenLabs, gateway, stalls).add(report, all);

        long outageCalls = phases.stream()
                .filter(p -> p.kind() == Phase.Kind.OUTAGE)
                .mapToLong(p -> elevenLabs.allReceipts().stream()
                        .filter(r -> r.atNanos() >= p.startNanos() && r.atNanos() <= p.endNanos())
                        .count())
                .sum();
        report.check(
                "no ElevenLabs call while Redis was down (fails closed)",
                "0",
                Long.toString(outageCalls),
                outageCalls == 0);

        long unplanned = phoenix.unplanned() + elevenLabs.unplanned();
        report.check(
                "every provider call carried a request id the soak sent",
                "0 unknown",
                unplanned + " unknown",
                unplanned == 0);

        long held = last.values().stream().mapToLong(Usage.Snapshot::active).sum();
        report.check(
                "concurrency slots all free at the end (after REDIS_LEASE_TTL)", "0 held", held + " held", held == 0);

        report.check("gateway log: Netty leak reports", "0", Long.toString(gateway.leaks()), gateway.leaks() == 0);
        List<String> dropped = gateway.errors().stream()
                .filter(e -> e.contains("onErrorDropped"))
                .toList();
        List<String> errors =
                gateway.errors().stream().filter(e -> !dropped.contains(e)).toList();
        report.check(
                "gateway log: ERROR lines, but for streams aborted after commit and dropped errors",
                "0",
                Long.toString(errors.size()),
                errors.isEmpty());
        report.info(
                "gateway log: errors Reactor dropped after a cancellation, logged at ERROR",
                "",
                dropped.size() + " ("
                        + dropped.stream().filter(e -> e.contains("/health")).count()
                        + " from Phoenix's health probe)");
        dropped.stream().limit(10).forEach(e -> report.detail("dropped error: " + e.replace('\n', ' ')));
        long broken = all.stream()
                .filter(e -> e.response().status() == 200
                        && !e.response().complete()
                        && !e.response().left())
                .count();
        report.info(
                "gateway log: framework ERROR lines for streams aborted after commit",
                "",
                gateway.abortErrors() + " lines, " + broken + " streams broken by their provider");
        errors.stream().limit(30).forEach(line -> report.detail("gateway ERROR: " + line.replace('\n', ' ')));

        boolean up = gateway.alive() && usage.healthy() && "UP".equals(usage.redisState());
        report.check("gateway alive, /health 200 and redis UP at the end", "yes", up ? "yes" : "no", up);
    }
}
