package io.ttsgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Sentinel set on loopback for tests: a master, a replica of it, and three {@code redis-server --sentinel}
 * watching them (quorum 2, a master is down after 1 s). Stopped when closed or when the JVM exits.
 */
public final class TestRedisSentinel implements AutoCloseable {

    public static final String MASTER_NAME = "tts";

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> sentinels = new ArrayList<>();
    private int master;
    private int replica;
    private Process masterProcess;
    private Process replicaProcess;

    private TestRedisSentinel(Path dir) {
        this.dir = dir;
    }

    public static TestRedisSentinel start() {
        try {
            TestRedisSentinel set = new TestRedisSentinel(Files.createTempDirectory("redis-sentinel"));
            Runtime.getRuntime().addShutdownHook(new Thread(set::close));
            set.master = TestRedis.freePort();
            set.masterProcess = set.redis(set.master);
            set.replica = TestRedis.freePort();
            set.replicaProcess = set.redis(set.replica, "--replicaof", "127.0.0.1", Integer.toString(set.master));
            for (int i = 0; i < 3; i++) {
                int port = TestRedis.freePort();
                Path conf = set.dir.resolve("sentinel-" + port + ".conf");
                Files.writeString(
                        conf,
                        String.join(
                                "\n",
                                "port " + port,
                                "bind 127.0.0.1",
                                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + set.master + " 2",
                                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                                "sentinel failover-timeout " + MASTER_NAME + " 5000",
                                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                                ""));
                set.processes.add(set.process(port, conf.toString(), "--sentinel"));
                set.sentinels.add(port);
            }
            set.awaitReplicaInSync();
            set.awaitSentinelsSee(set.master);
            return set;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code REDIS_URL} for this set. */
    public String url() {
        return "redis-sentinel://"
                + sentinels.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","))
                + "#" + MASTER_NAME;
    }

    public int master() {
        return master;
    }

    public int replica() {
        return replica;
    }

    /** Kills the master at once (SIGKILL) and waits until the sentinels have promoted the replica. */
    public void killMasterAndAwaitFailover() {
        killMaster();
        awaitFailover();
    }

    /** Kills the master at once (SIGKILL): what a crashed host looks like to the rest. */
    public void killMaster() {
        masterProcess.destroyForcibly();
        try {
            masterProcess.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the master's process (SIGSTOP): its connections stay open and its kernel still acknowledges what is sent,
     * but nothing is answered, as with a host that hangs or a network that drops its traffic without a reset.
     */
    public void freezeMaster() {
        signal("-STOP", masterProcess);
    }

    /** Waits until every sentinel names the former replica as the master. */
    public void awaitFailover() {
        awaitSentinelsSee(replica);
    }

    /** The port of the master the sentinels name now (a redis-cli command against the first sentinel). */
    public int currentMaster() {
        String[] reply = TestRedisCluster.cli(sentinels.get(0), "sentinel", "get-master-addr-by-name", MASTER_NAME)
                .strip()
                .split("\\s+");
        return Integer.parseInt(reply[reply.length - 1]);
    }

    /** Stops the replica's process (SIGSTOP): it answers nothing, acknowledges nothing, until {@link #resumeReplica}. */
    public void pauseReplica() {
        signal("-STOP", replicaProcess);
    }

    public void resumeReplica() {
        signal("-CONT", replicaProcess);
    }

    private static void signal(String signal, Process process) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReplicaInSync() {
        await(
                () -> TestRedisCluster.cli(replica, "info", "replication").contains("master_link_status:up"),
                "the replica did not sync");
    }

    private void awaitSentinelsSee(int port) {
        await(
                () -> sentinels.stream()
                        .allMatch(s -> TestRedisCluster.cli(s, "sentinel", "get-master-addr-by-name", MASTER_NAME)
                                .contains(Integer.toString(port))),
                "the sentinels did not agree on the master on port " + port);
    }

    private static void await(java.util.function.BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process redis(int port, String... more) throws IOException {
        List<String> args = new ArrayList<>(
                List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        args.addAll(List.of(more));
        Process process = process(port, args.toArray(String[]::new));
        processes.add(process);
        return process;
    }

    private Process process(int port, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                .start();
        await(() -> TestRedisCluster.cli(port, "ping").contains("PONG"), "redis on port " + port + " did not start");
        return process;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
