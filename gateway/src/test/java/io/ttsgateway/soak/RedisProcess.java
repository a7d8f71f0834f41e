package io.ttsgateway.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the soak's own on a loopback port (Debian's {@code redis-server}). A restart is a clean
 * {@code SHUTDOWN SAVE} and a start from that snapshot: the counters survive, as with a persisted production Redis,
 * so what the gateway charged before an outage can still be checked after it.
 */
final class RedisProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Path pidFile;
    private Process process;

    RedisProcess(Path dir, int port, Path pidFile) {
        this.dir = dir;
        this.port = port;
        this.pidFile = pidFile;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    void start() {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString(),
                            "--dbfilename",
                            "soak.rdb",
                            "--logfile",
                            dir.resolve("redis.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile())
                    .start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            Files.writeString(pidFile.resolveSibling("redis.port"), Integer.toString(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"PONG".equals(cli("ping").trim())) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            sleep(50);
        }
    }

    /** Saves and stops, as an operator's restart does; the connection of every client drops at once. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        cli("shutdown", "save");
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    long dbsize() {
        return Long.parseLong(cli("dbsize").trim());
    }

    /** A counter's value, 0 when absent. */
    long counter(String key) {
        String value = cli("get", key).trim();
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private String cli(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "redis-cli";
        command[1] = "-p";
        command[2] = Integer.toString(port);
        System.arraycopy(args, 0, command, 3, args.length);
        return Commands.run(Duration.ofSeconds(10), command);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
