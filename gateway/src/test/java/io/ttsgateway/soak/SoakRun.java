package io.ttsgateway.soak;

import io.ttsgateway.soak.FaultPlan.Plan;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The soak (run by {@code bench/soak}, never by the test command): the built gateway jar as its own process, a
 * redis-server of its own, fake Phoenix and ElevenLabs servers with a fault schedule, and a bounded pool of virtual
 * callers for a number of minutes, with Redis restarted a few times under load. It ends by holding the usage
 * counters to what the requests were due and the gateway's footprint to what it was after warm-up, prints one table
 * and exits 1 when a check failed (2 when the run itself could not be carried out).
 *
 * <p>Arguments: {@code --minutes N} (default 30), {@code --run-dir DIR}, {@code --jar JAR}, {@code --root DIR} (the
 * repository, for {@code config/voices.yml}), {@code --seed S}.
 */
public final class SoakRun implements AutoCloseable {

    /** The gateway's provider timeouts in this run: short, so faults resolve fast. */
    static final long FIRST_BYTE_TIMEOUT_MS = 2_000;

    static final long IDLE_TIMEOUT_MS = 2_000;
    static final Duration LEASE_TTL = Duration.ofSeconds(6);

    private final Settings settings;
    private final List<SoakClients.Client> clients;
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final SoakProvider phoenix;
    private final SoakProvider elevenLabs;
    private final RedisProcess redis;
    private final Ledger ledger;
    private GatewayProcess gateway;
    private Phases phases;
    private StallWatch stalls;
    private boolean closed;

    record Settings(double minutes, Path runDir, Path jar, Path root, long seed) {

        static Settings parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                values.put(args[i], args[i + 1]);
            }
            Path runDir = Path.of(values.getOrDefault("--run-dir", "gateway/target/soak"))
                    .toAbsolutePath();
            Path root =
                    Path.of(values.getOrDefault("--root", ".")).toAbsolutePath().normalize();
            return new Settings(
                    Double.parseDouble(values.getOrDefault("--minutes", "30")),
                    runDir,
                    Path.of(values.getOrDefault(
                            "--jar",
                            root.resolve("gateway/target/tts-gateway.jar").toString())),
                    root,
                    Long.parseLong(values.getOrDefault("--seed", Long.toString(System.nanoTime()))));
        }
    }

    SoakRun(Settings settings) throws Exception {
        this.settings = settings;
        this.clients = SoakClients.forMinutes(settings.minutes());
        Files.createDirectories(settings.runDir().resolve("pids"));
        this.phoenix = new SoakProvider("phoenix", plans);
        this.elevenLabs = new SoakProvider("elevenlabs", plans);
        this.ledger = new Ledger(elevenLabs);
        this.redis = new RedisProcess(
                settings.runDir().resolve("redis"),
                freePort(),
                settings.runDir().resolve("pids/redis.pid"));
    }

    public static void main(String[] args) throws java.io.IOException {
        Settings settings = Settings.parse(args);
        quietLogging(settings.runDir());
        int code;
        try (SoakRun run = new SoakRun(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(run::close, "soak-cleanup"));
            code = run.run();
        } catch (Throwable t) {
            System.err.println("soak: the run could not be carried out: " + t);
            t.printStackTrace();
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    /** The fakes' own log (Reactor Netty's) goes to a file, warnings and up only, so the console has the soak's. */
    private static void quietLogging(Path runDir) throws java.io.IOException {
        Files.createDirectories(runDir);
        Path config = runDir.resolve("harness-logback.xml");
        Files.writeString(config, """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d %%-5level %%logger{36} %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(runDir.resolve("harness.log")));
        System.setProperty("logback.configurationFile", config.toString());
    }

    int run() throws Exception {
        Schedule schedule = Schedule.of(settings.minutes());
        System.out.printf(
                "soak: %.1f min, %d callers of %d clients, %d Redis restarts, seed %d, run dir %s%n",
                settings.minutes(),
                clients.stream().mapToInt(SoakClients.Client::callers).sum(),
                clients.size(),
                schedule.restarts(),
                settings.seed(),
                settings.runDir());
        redis.start();
        int port = freePort();
        gateway = new GatewayProcess(
                settings.jar(),
                settings.root(),
                environment(port),
                jvmOptions(),
                settings.runDir().resolve("gateway.log"),
                settings.runDir().resolve("pids/gateway.pid"));
        Usage usage = new Usage(port);
        awaitHealthy(usage);
        stalls = new StallWatch(port);
        Caller.Context context = new Caller.Context(
                port,
                plans,
                new FaultPlan(FIRST_BYTE_TIMEOUT_MS, IDLE_TIMEOUT_MS),
                usage,
                IDLE_TIMEOUT_MS,
                ledger::add);
        phases = new Phases(
                clients,
                context,
                redis,
                phoenix,
                usage,
                this::gatewayElevenLabs,
                new SplittableRandom(settings.seed()));
        Map<String, GatewayProcess.Footprint> footprints = new LinkedHashMap<>();
        Map<String, Long> keys = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < schedule.steps().size(); i++) {
            Schedule.Step step = schedule.steps().get(i);
            Phase phase = phases.run(i, step);
            System.out.printf(
                    "soak: phase %-12s %5.1f s (last caller done %4.1f s after the deadline), %6d requests "
                            + "so far%s%n",
                    phase.name(),
                    (phase.endNanos() - phase.startNanos()) / 1e9,
                    (phase.endNanos() - phase.deadlineNanos()) / 1e9,
                    ledger.all().size(),
                    phase.note().isEmpty() ? "" : " (" + phase.note() + ")");
            if (i == 0 || i == schedule.middle()) {
                String name = i == 0 ? "start" : "middle";
                footprints.put(name, gateway.footprint());
                keys.put(name, redis.dbsize());
            }
            steps.add(new Step(step, phase));
            if (!gateway.alive()) {
                throw new IllegalStateException("the gateway process ended during " + phase.name());
            }
        }
        // Leases a Redis outage kept from being released expire after REDIS_LEASE_TTL.
        Thread.sleep(LEASE_TTL.plusSeconds(2).toMillis());
        Map<String, Usage.Snapshot> last = usage.readAll(clients);
        footprints.put("end", gateway.footprint());
        keys.put("end", redis.dbsize());
        Report report = new RunChecks(clients, ledger, phoenix, elevenLabs, gateway, usage, stalls)
                .report(
                        steps.stream().map(Step::phase).toList(),
                        last,
                        footprints,
                        keys,
                        schedule,
                        SoakClients.maxKeys(clients));
        report.print(System.out, settings.runDir().resolve("report.txt"));
        return report.failed() ? 1 : 0;
    }

    private record Step(Schedule.Step planned, Phase phase) {}

    private long gatewayElevenLabs() {
        String month = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMM"));
        return redis.counter("soak:{elevenlabs}:gateway:" + month);
    }

    private Map<String, String> environment(int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("TTS_PROVIDERS", "phoenix,elevenlabs");
        env.put("PHOENIX_TTS_BASE_URL", phoenix.baseUrl());
        env.put("ELEVENLABS_API_KEY", "soak-fake-elevenlabs-key");
        env.put("ELEVENLABS_BASE_URL", elevenLabs.baseUrl());
        env.put("ELEVENLABS_MONTHLY_CHAR_CAP", "50000000");
        env.put("ELEVENLABS_QUOTA_CHECK_INTERVAL", "3s");
        env.put("LOCAL_TTS_ENABLED", "false");
        env.put("GATEWAY_CLIENTS_FILE", SoakClients.write(clients).toString());
        env.put(
                "GATEWAY_VOICES_FILE",
                settings.root().resolve("config/voices.yml").toString());
        env.put("GATEWAY_SHUTDOWN_GRACE", "3s");
        env.put("REDIS_URL", redis.url());
        env.put("REDIS_KEY_PREFIX", "soak:");
        // The ledger rule holds each request to its own characters: a cache hit or a shared call would make a
        // repeated sentence cost nothing. The cache has its own tests (CacheIT, CoalescingIT).
        env.put("TTS_CACHE", "off");
        // Twice the default: on a shared two-core machine a command can wait a second for a CPU, and the gateway
        // would then fall back to memory on its own; outages are what the restarts are for.
        env.put("REDIS_TIMEOUT", "2s");
        env.put("REDIS_CHECK_INTERVAL", "500ms");
        env.put("REDIS_LEASE_TTL", LEASE_TTL.toSeconds() + "s");
        env.put("TTS_CONNECT_TIMEOUT", "1s");
        env.put("TTS_FIRST_BYTE_TIMEOUT", FIRST_BYTE_TIMEOUT_MS + "ms");
        env.put("TTS_IDLE_TIMEOUT", IDLE_TIMEOUT_MS + "ms");
        env.put("TTS_TOTAL_TIMEOUT", "10s");
        env.put("TTS_RETRY_MAX", "2");
        env.put("TTS_RETRY_BACKOFF", "100ms");
        env.put("TTS_RETRY_AFTER_MAX", "1s");
        env.put("TTS_BREAKER_SLOW_CALL", "1s");
        env.put("TTS_BREAKER_OPEN_DURATION", "5s");
        env.put("PHOENIX_HEALTH_INTERVAL", "1s");
        env.put("PHOENIX_HEALTH_FAILURES", "3");
        return env;
    }

    /**
     * A fixed, pre-touched heap, so that RSS measures what grows outside it (direct buffers, threads, metaspace);
     * a small one, so that a leak shows early. The run directory in a property marks the process as the soak's.
     */
    private List<String> jvmOptions() {
        return List.of(
                "-Xms256m",
                "-Xmx256m",
                "-XX:+AlwaysPreTouch",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:NativeMemoryTracking=summary",
                "-Dsoak.run=" + settings.runDir());
    }

    /** Until it serves with Redis in use: on a busy machine its first Redis check at startup may time out. */
    private void awaitHealthy(Usage usage) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!usage.healthy() || !"UP".equals(usage.redisState())) {
            if (!gateway.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the gateway did not start; see " + settings.runDir().resolve("gateway.log"));
            }
            Thread.sleep(250);
        }
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (phases != null) {
            phases.close();
        }
        if (stalls != null) {
            stalls.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        redis.close();
        phoenix.close();
        elevenLabs.close();
    }
}
