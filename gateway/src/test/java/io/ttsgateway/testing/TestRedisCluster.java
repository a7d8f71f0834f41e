package io.ttsgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on loopback for tests: six {@code redis-server --cluster-enabled yes} processes joined by
 * {@code redis-cli --cluster create … --cluster-replicas 1} (three masters, one replica each). Stopped when closed or
 * when the JVM exits. Needs {@code redis-server} and {@code redis-cli} on the path, as CI machines have.
 */
public final class TestRedisCluster implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(30);

    private final Path dir;
    private final Map<Integer, Process> nodes = new LinkedHashMap<>();
    /** Stopped nodes: left out of every command the harness sends, which they would never answer. */
    private final java.util.Set<Integer> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TestRedisCluster(Path dir) {
        this.dir = dir;
    }

    /** Three masters with a replica each, ready ({@code cluster_state:ok} on every node). */
    public static TestRedisCluster start() {
        try {
            TestRedisCluster cluster = new TestRedisCluster(Files.createTempDirectory("redis-cluster"));
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            for (int i = 0; i < 6; i++) {
                cluster.startNode(TestRedis.freePort());
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.nodes.keySet().forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            run(create);
            cluster.awaitState("ok");
            cluster.awaitReplicasInSync();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code REDIS_CLUSTER_NODES} for this cluster: every node as a seed. */
    public String seeds() {
        return nodes.keySet().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** Ports of the nodes that are masters now. */
    public List<Integer> masters() {
        List<Integer> masters = new ArrayList<>();
        for (int port : alivePorts()) {
            if (cli(port, "role").startsWith("master")) {
                masters.add(port);
            }
        }
        return masters;
    }

    /** The number of keys a node holds. */
    public long keys(int port) {
        return Long.parseLong(cli(port, "dbsize").strip());
    }

    /** Kills a node at once (SIGKILL): what a crashed host looks like to the rest. */
    public void kill(int port) {
        Process process = nodes.get(port);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The port of the master that serves {@code key}'s slot now, as the node at {@code anyPort} knows it. */
    public int masterOf(String key) {
        int any = alivePorts().get(0);
        int slot = Integer.parseInt(cli(any, "cluster", "keyslot", key).strip());
        for (String line : cli(any, "cluster", "nodes").split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                }
            }
        }
        throw new IllegalStateException("no master serves the slot of the key");
    }

    /** The port of the replica of the master on {@code masterPort}. */
    public int replicaOf(int masterPort) {
        String id = cli(masterPort, "cluster", "myid").strip();
        for (String line : cli(masterPort, "cluster", "nodes").split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length > 3 && fields[2].contains("slave") && fields[3].equals(id)) {
                return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
            }
        }
        throw new IllegalStateException("the master on port " + masterPort + " has no replica");
    }

    /** Waits until the node on {@code port} says it is a master (a replica promoted after its master failed). */
    public void awaitMaster(int port) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (!cli(port, "role").startsWith("master")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node on port " + port + " was not promoted");
            }
            sleep(50);
        }
    }

    /** Stops a node's process (SIGSTOP): it answers nothing, acknowledges nothing, until {@link #resume}. */
    public void pause(int port) {
        paused.add(port);
        signal("-STOP", nodes.get(port));
    }

    public void resume(int port) {
        signal("-CONT", nodes.get(port));
        paused.remove(port);
    }

    private static void signal(String signal, Process process) {
        run(List.of("kill", signal, Long.toString(process.pid())));
    }

    /** Waits until every live node reports this {@code cluster_state}. */
    public void awaitState(String state) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int port : alivePorts()) {
                all &= cli(port, "cluster", "info").contains("cluster_state:" + state);
            }
            if (all) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("the test cluster did not reach cluster_state:" + state);
    }

    /** Waits until every node agrees on all 16384 slots and every replica has synced with its master. */
    public void awaitReplicasInSync() {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int port : alivePorts()) {
                all &= cli(port, "cluster", "info").contains("cluster_slots_ok:16384");
                String role = cli(port, "info", "replication");
                if (role.contains("role:slave")) {
                    all &= role.contains("master_link_status:up") && !role.contains("master_sync_in_progress:1");
                }
            }
            if (all) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("the test cluster's replicas did not sync");
    }

    private List<Integer> alivePorts() {
        return nodes.entrySet().stream()
                .filter(e -> e.getValue().isAlive() && !paused.contains(e.getKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private void startNode(int port) throws IOException {
        Process process = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes-" + port + ".conf",
                        "--cluster-node-timeout",
                        "1000",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                .start();
        nodes.put(port, process);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!cli(port, "ping").contains("PONG")) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " did not start");
            }
            sleep(50);
        }
    }

    /** A redis-cli command against one node; its output, or "" when it failed. */
    public static String cli(int port, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        line.addAll(List.of(command));
        try {
            return run(line);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(Process::destroyForcibly);
    }
}
