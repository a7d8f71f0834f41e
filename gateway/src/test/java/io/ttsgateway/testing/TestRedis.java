package io.ttsgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import redis.embedded.RedisServer;

/**
 * A real Redis for tests, never a mock: the one in {@code REDIS_URL} when set (CI machines run one on
 * 127.0.0.1:6379), else an embedded redis-server started once for the JVM. Each test takes its own key prefix, so
 * tests never see each other's data.
 */
public final class TestRedis {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static volatile String url;

    private TestRedis() {}

    public static synchronized String url() {
        if (url == null) {
            String configured = System.getenv("REDIS_URL");
            url = configured != null && !configured.isBlank()
                    ? configured
                    : startEmbedded(freePort()).url();
        }
        return url;
    }

    /** A prefix no other test in this or an earlier run uses. */
    public static String uniquePrefix() {
        return "test:" + ProcessHandle.current().pid() + ":" + System.nanoTime() + ":" + PREFIXES.incrementAndGet()
                + ":";
    }

    /** A Redis of the test's own, to stop and start again (outage tests); stopped when the JVM exits. */
    public static Dedicated startEmbedded(int port, String... settings) {
        try {
            var builder = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no");
            for (String setting : settings) {
                builder.setting(setting);
            }
            RedisServer server = builder.build();
            server.start();
            Dedicated dedicated = new Dedicated(server, port);
            Runtime.getRuntime().addShutdownHook(new Thread(dedicated::stop));
            return dedicated;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A redis-server process this test controls. */
    public static final class Dedicated {
        private final RedisServer server;
        private final int port;

        Dedicated(RedisServer server, int port) {
            this.server = server;
            this.port = port;
        }

        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        public void stop() {
            try {
                if (server.isActive()) {
                    server.stop();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void start() {
            try {
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
