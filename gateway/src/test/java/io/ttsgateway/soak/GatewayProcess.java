package io.ttsgateway.soak;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built gateway jar as a process of its own ({@code java -jar}), configured only through its environment, its
 * output kept in the run directory and read as it comes: the access log by request id, errors, leak reports, and
 * when it lost and found Redis.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Pattern LEVEL = Pattern.compile("^\\S+\\s+(ERROR|WARN)\\s");
    private static final Pattern REQUEST_ID = Pattern.compile("^\\{\"request_id\":\"([^\"]*)\"");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern NATIVE =
            Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=\\d+KB, committed=(\\d+)KB");

    /** A moment the gateway said something about Redis ({@code down} or {@code up}), on the soak's clock. */
    record RedisEvent(String what, long atNanos) {}

    private final Process process;
    private final Map<String, String> accessLog = new ConcurrentHashMap<>();
    private final List<RedisEvent> redisEvents = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final LongAdder warnings = new LongAdder();
    private final LongAdder leaks = new LongAdder();
    private final LongAdder abortErrors = new LongAdder();
    private final Thread reader;
    private StringBuilder pendingError;
    private int pendingLines;

    GatewayProcess(Path jar, Path workDir, Map<String, String> env, List<String> jvmOptions, Path log, Path pidFile) {
        List<String> command = new java.util.ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(GatewayProcess::gatewaySetting);
        builder.environment().putAll(env);
        try {
            process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(() -> pump(log), "gateway-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Inherited settings must not leak into the gateway under test (a REDIS_URL of the machine, say). */
    private static boolean gatewaySetting(String name) {
        return name.startsWith("TTS_")
                || name.startsWith("ELEVENLABS_")
                || name.startsWith("PHOENIX_")
                || name.startsWith("GATEWAY_")
                || name.startsWith("REDIS_")
                || name.startsWith("LOCAL_TTS_")
                || name.startsWith("USE_PHOENIX")
                || name.equals("PORT")
                || name.equals("MANAGEMENT_PORT")
                || name.equals("JAVA_TOOL_OPTIONS")
                || name.startsWith("SPRING_");
    }

    private void pump(Path log) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter out = Files.newBufferedWriter(log)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.newLine();
                scan(line);
                if (!in.ready()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        if (pendingError != null) {
            errors.add(pendingError.toString());
        }
    }

    private void scan(String line) {
        if (pendingError != null) {
            if (pendingLines-- > 0 && !LEVEL.matcher(line).find() && !line.startsWith("{")) {
                pendingError.append('\n').append(line);
                return;
            }
            errors.add(pendingError.toString());
            pendingError = null;
        }
        Matcher id = REQUEST_ID.matcher(line);
        if (id.find()) {
            accessLog.put(id.group(1), line);
            return;
        }
        if (line.contains("LEAK:")) {
            leaks.increment();
        }
        Matcher level = LEVEL.matcher(line);
        if (level.find()) {
            if ("ERROR".equals(level.group(1))) {
                if (abortedAfterCommit(line)) {
                    abortErrors.increment();
                } else {
                    // kept with the few lines after it (the exception), to tell what it was about
                    pendingError = new StringBuilder(line);
                    pendingLines = 8;
                }
            } else {
                warnings.increment();
            }
        }
        if (line.contains("redis unreachable")) {
            redisEvents.add(new RedisEvent("down", System.nanoTime()));
        } else if (line.contains("redis reachable")) {
            redisEvents.add(new RedisEvent("up", System.nanoTime()));
        }
    }

    /**
     * The two lines Spring's and Reactor Netty's own handlers log at ERROR when a stream fails after its first bytes
     * went out (a provider breaking part-way: the gateway then aborts the response, as API.md §1 asks).
     */
    private static boolean abortedAfterCommit(String line) {
        return line.contains("but ServerHttpResponse already committed") || line.contains("Error finishing response");
    }

    /** ERROR lines logged for streams aborted after commit, by the framework (see {@link #abortedAfterCommit}). */
    long abortErrors() {
        return abortErrors.sum();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String accessLine(String requestId) {
        return accessLog.get(requestId);
    }

    List<RedisEvent> redisEvents() {
        return List.copyOf(redisEvents);
    }

    /** ERROR lines, each with the lines of its exception that follow it. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    long warnings() {
        return warnings.sum();
    }

    long leaks() {
        return leaks.sum();
    }

    /**
     * The process's footprint after a full collection.
     *
     * @param heapBytes heap in use right after {@code GC.run}: the live set
     */
    record Footprint(long heapBytes, long fds, long rssBytes, long threads, Map<String, Long> nativeKb) {}

    Footprint footprint() {
        String pid = Long.toString(pid());
        Commands.run(Duration.ofSeconds(60), "jcmd", pid, "GC.run");
        Matcher heap = HEAP_USED.matcher(Commands.run(Duration.ofSeconds(60), "jcmd", pid, "GC.heap_info"));
        long heapBytes = heap.find() ? Long.parseLong(heap.group(1)) * 1024 : -1;
        Map<String, Long> nativeKb = new java.util.LinkedHashMap<>();
        Matcher category =
                NATIVE.matcher(Commands.run(Duration.ofSeconds(60), "jcmd", pid, "VM.native_memory", "summary"));
        while (category.find()) {
            nativeKb.put(category.group(1).trim(), Long.parseLong(category.group(2)));
        }
        try (var fds = Files.list(Path.of("/proc", pid, "fd"))) {
            long fdCount = fds.count();
            List<String> status = Files.readAllLines(Path.of("/proc", pid, "status"));
            return new Footprint(
                    heapBytes,
                    fdCount,
                    statusValue(status, "VmRSS:") * 1024,
                    statusValue(status, "Threads:"),
                    nativeKb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long statusValue(List<String> status, String name) {
        return status.stream()
                .filter(l -> l.startsWith(name))
                .map(l -> Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]))
                .findFirst()
                .orElse(-1L);
    }

    /** SIGTERM (graceful shutdown), then SIGKILL if it does not end. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
