package io.ttsgateway.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Holds the usage counters to what the requests were due, phase by phase (see {@link Phase} for why each kind of
 * phase is held to what):
 *
 * <ul>
 *   <li>exact phases: for every client, the change of its day, month and ElevenLabs month equals what its requests
 *       of the phase were due; in Redis phases the gateway-wide ElevenLabs month moves by the sum over clients;
 *   <li>Redis stopped and started under load (a DOWN phase, the OUTAGE after it, and the UP phase after that): the
 *       change of the Redis counters across the whole outage lies between what the requests that certainly lived in
 *       Redis were due (those that ended at least a second before Redis was stopped, or began after the gateway
 *       had found it again), and that plus every character of the requests in between, which may have been reserved
 *       in Redis and refunded while it was away (the refund is then lost, and logged).
 * </ul>
 *
 * A phase in which the gateway lost Redis on its own (a command timing out on a starved machine) is held to bounds
 * too, around that moment.
 */
final class LedgerChecks {

    private static final long SECOND = 1_000_000_000L;

    /** One client's result in one phase (or one outage, for bounds). */
    record Result(
            String client,
            String phase,
            boolean exact,
            Ledger.Sums due,
            long lowChars,
            long highChars,
            long lowElevenLabs,
            long highElevenLabs,
            Long day,
            Long month,
            long elevenLabs,
            boolean ok) {}

    private final Ledger ledger;
    private final List<SoakClients.Client> clients;
    private final List<GatewayProcess.RedisEvent> redisEvents;

    LedgerChecks(Ledger ledger, List<SoakClients.Client> clients, List<GatewayProcess.RedisEvent> redisEvents) {
        this.ledger = ledger;
        this.clients = clients;
        this.redisEvents = redisEvents;
    }

    List<Result> results(List<Phase> phases) {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            if (phase.kind() == Phase.Kind.DOWN && i + 2 < phases.size()) {
                Phase up = phases.get(i + 2);
                results.addAll(bounds(
                        List.of(phase, phases.get(i + 1), up),
                        phase.before(),
                        up.after(),
                        phase.stopNanos(),
                        up.seenNanos(),
                        phase.name() + ".." + up.name()));
            } else if (phase.exact()) {
                long[] lost = lostRedis(phase);
                results.addAll(
                        lost == null
                                ? exact(phase)
                                : bounds(
                                        List.of(phase),
                                        phase.before(),
                                        phase.after(),
                                        lost[0],
                                        lost[1],
                                        phase.name() + " (gateway lost redis)"));
            }
        }
        return results;
    }

    /** The first and last moment the gateway said it lost or found Redis during a steady phase, if it did. */
    private long[] lostRedis(Phase phase) {
        if (phase.kind() != Phase.Kind.STEADY) {
            return null;
        }
        List<GatewayProcess.RedisEvent> inside = redisEvents.stream()
                .filter(e -> e.atNanos() >= phase.startNanos() && e.atNanos() <= phase.endNanos())
                .toList();
        return inside.isEmpty()
                ? null
                : new long[] {
                    inside.get(0).atNanos() - 2 * SECOND,
                    inside.get(inside.size() - 1).atNanos() + SECOND
                };
    }

    private List<Result> exact(Phase phase) {
        List<Result> results = new ArrayList<>();
        for (SoakClients.Client client : clients) {
            Ledger.Sums due = ledger.sum(
                    ledger.where(e -> e.phase() == phase.index() && e.client().equals(client.id())));
            Usage.Snapshot before = phase.before().get(client.id());
            Usage.Snapshot after = phase.after().get(client.id());
            Long day = sameDay(before, after) ? after.day() - before.day() : null;
            Long month = sameMonth(before, after) ? after.month() - before.month() : null;
            long elevenLabs = after.elevenLabs() - before.elevenLabs();
            long elevenLabsDue = phase.kind() == Phase.Kind.OUTAGE ? 0 : due.elevenLabs();
            boolean ok = (day == null || day == due.chars())
                    && (month == null || month == due.chars())
                    && elevenLabs == elevenLabsDue;
            results.add(new Result(
                    client.id(),
                    phase.name(),
                    true,
                    due,
                    due.chars(),
                    due.chars(),
                    elevenLabsDue,
                    elevenLabsDue,
                    day,
                    month,
                    elevenLabs,
                    ok));
        }
        return results;
    }

    private List<Result> bounds(
            List<Phase> span,
            Map<String, Usage.Snapshot> beforeAll,
            Map<String, Usage.Snapshot> afterAll,
            long fromNanos,
            long toNanos,
            String name) {
        List<Integer> indexes = span.stream().map(Phase::index).toList();
        List<Result> results = new ArrayList<>();
        for (SoakClients.Client client : clients) {
            List<Exchange> mine =
                    ledger.where(e -> indexes.contains(e.phase()) && e.client().equals(client.id()));
            List<Exchange> clean = mine.stream()
                    .filter(e -> e.endNanos() < fromNanos - SECOND || e.startNanos() > toNanos)
                    .toList();
            List<Exchange> between =
                    mine.stream().filter(e -> !clean.contains(e)).toList();
            Ledger.Sums due = ledger.sum(mine);
            Ledger.Sums certain = ledger.sum(clean);
            long maybe = between.stream().mapToLong(Exchange::chars).sum();
            long low = certain.chars();
            long high = low + maybe;
            long lowEl = certain.elevenLabs();
            long highEl = lowEl + (client.elevenLabsAllowed() ? maybe : 0);
            Usage.Snapshot before = beforeAll.get(client.id());
            Usage.Snapshot after = afterAll.get(client.id());
            Long day = sameDay(before, after) ? after.day() - before.day() : null;
            Long month = sameMonth(before, after) ? after.month() - before.month() : null;
            long elevenLabs = after.elevenLabs() - before.elevenLabs();
            boolean ok = within(day, low, high) && within(month, low, high) && within(elevenLabs, lowEl, highEl);
            results.add(
                    new Result(client.id(), name, false, due, low, high, lowEl, highEl, day, month, elevenLabs, ok));
        }
        return results;
    }

    /**
     * The gateway-wide ElevenLabs month in Redis moves by what every client's ElevenLabs month was due, in each Redis
     * phase with Redis readable at both ends.
     *
     * @return mismatching phases, empty when every one balanced
     */
    List<String> gatewayWide(List<Phase> phases) {
        List<String> mismatches = new ArrayList<>();
        for (Phase phase : phases) {
            if (phase.kind() != Phase.Kind.STEADY || lostRedis(phase) != null) {
                continue;
            }
            long due = ledger.sum(ledger.where(e -> e.phase() == phase.index())).elevenLabs();
            long moved = phase.gatewayElevenLabsAfter() - phase.gatewayElevenLabsBefore();
            if (due != moved) {
                mismatches.add(phase.name() + ": due " + due + ", counted " + moved);
            }
        }
        return mismatches;
    }

    private static boolean within(Long value, long low, long high) {
        return value == null || (value >= low && value <= high);
    }

    private static boolean sameDay(Usage.Snapshot before, Usage.Snapshot after) {
        return before.dayResetsAt().equals(after.dayResetsAt());
    }

    private static boolean sameMonth(Usage.Snapshot before, Usage.Snapshot after) {
        return before.monthResetsAt().equals(after.monthResetsAt());
    }
}
