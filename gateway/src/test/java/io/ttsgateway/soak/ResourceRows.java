package io.ttsgateway.soak;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The gateway's footprint, flat from the sample after warm-up ("start") to the middle and the end, each taken at a
 * quiet moment right after a full collection. Tolerances, and why:
 *
 * <ul>
 *   <li>heap after a full GC (the live set): start + max(16 MiB, 15 %): caches and pools settle after warm-up, but
 *       anything kept per request would pass it (a kilobyte per request is 10 MiB per 10,000 requests);
 *   <li>RSS: start + max(48 MiB, 15 %): the heap is fixed and pre-touched, so this is what lives outside it (Netty's
 *       direct arenas, thread stacks, metaspace, code cache), which grows in steps as arenas fill;
 *   <li>open file descriptors: start + 16 (sockets to providers and Redis come and go with pools);
 *   <li>threads: start + 8;
 *   <li>Redis keys: never more than the clients can have, whatever the traffic (no key per request).
 * </ul>
 */
final class ResourceRows {

    private static final long MIB = 1024 * 1024;

    private ResourceRows() {}

    static void add(
            Report report, Map<String, GatewayProcess.Footprint> footprints, Map<String, Long> keys, int maxKeys) {
        report.note(
                "Footprint: sampled after warm-up, in the middle and at the end, each at a quiet moment right after "
                        + "a full GC (jcmd GC.run); heap = in use after it (GC.heap_info), RSS and threads from /proc/<pid>/status, "
                        + "descriptors from /proc/<pid>/fd; the heap is fixed at 256 MiB and pre-touched, so RSS growth is "
                        + "outside it. Redis keys: dbsize of the soak's own Redis.");
        row(report, "heap after full GC (MiB)", footprints, GatewayProcess.Footprint::heapBytes, 16 * MIB, 0.15, MIB);
        row(report, "RSS (MiB)", footprints, GatewayProcess.Footprint::rssBytes, 48 * MIB, 0.15, MIB);
        row(report, "open file descriptors", footprints, GatewayProcess.Footprint::fds, 16, 0, 1);
        row(report, "threads", footprints, GatewayProcess.Footprint::threads, 8, 0, 1);
        nativeMemory(report, footprints);
        long most = keys.values().stream().mapToLong(Long::longValue).max().orElse(0);
        report.check(
                "Redis keys (dbsize) start / middle / end",
                "each <= " + maxKeys + " (all the clients can have)",
                keys.get("start") + " / " + keys.get("middle") + " / " + keys.get("end"),
                most <= maxKeys);
    }

    /** What RSS is made of outside the heap (Native Memory Tracking, committed), to tell a leak from warm-up. */
    private static void nativeMemory(Report report, Map<String, GatewayProcess.Footprint> footprints) {
        Map<String, Long> start = footprints.get("start").nativeKb();
        StringBuilder growth = new StringBuilder();
        for (Map.Entry<String, Long> category : start.entrySet()) {
            long middle = footprints.get("middle").nativeKb().getOrDefault(category.getKey(), 0L);
            long end = footprints.get("end").nativeKb().getOrDefault(category.getKey(), 0L);
            report.detail(String.format(
                    "native memory %-28s start %8d KB, middle %8d KB, end %8d KB",
                    category.getKey(), category.getValue(), middle, end));
            if (Math.abs(end - category.getValue()) >= 1024
                    && !category.getKey().equals("Java Heap")) {
                growth.append(growth.isEmpty() ? "" : ", ")
                        .append(category.getKey())
                        .append(' ')
                        .append(String.format("%+d", (end - category.getValue()) / 1024));
            }
        }
        report.info(
                "native memory outside the heap, start to end (MiB, NMT committed)",
                "",
                growth.isEmpty() ? "no category moved by 1 MiB" : growth.toString());
    }

    private static void row(
            Report report,
            String name,
            Map<String, GatewayProcess.Footprint> footprints,
            ToLongFunction<GatewayProcess.Footprint> value,
            long slack,
            double fraction,
            long unit) {
        long start = value.applyAsLong(footprints.get("start"));
        long middle = value.applyAsLong(footprints.get("middle"));
        long end = value.applyAsLong(footprints.get("end"));
        long limit = start + Math.max(slack, Math.round(start * fraction));
        boolean ok = start >= 0 && middle <= limit && end <= limit;
        report.check(
                name + " start / middle / end",
                "<= " + limit / unit + " (start + "
                        + (fraction > 0
                                ? "max(" + slack / unit + ", " + Math.round(fraction * 100) + " %))"
                                : slack + ")"),
                start / unit + " / " + middle / unit + " / " + end / unit,
                ok);
    }
}
