package io.ttsgateway.testing;

import io.ttsgateway.auth.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A clients.yml for tests, with known keys. */
public final class TestClients {

    public static final String ALPHA_KEY = "alpha-test-key";
    public static final String BETA_KEY = "beta-test-key";
    /** Client {@code uncached}: like beta, with {@code cache: false}. */
    public static final String UNCACHED_KEY = "uncached-test-key";

    private TestClients() {}

    /** How many {@link #limited(int)} clients the file has: one per test that spends limits. */
    public static final int LIMITED_CLIENTS = 20;

    /**
     * {@code alpha} (ElevenLabs allowed) and {@code beta} (not) with generous limits, and {@code limited-1} …
     * {@code limited-20} with small ones: burst 3 at 60/min, 50 characters a day and 80 a month, ElevenLabs allowed
     * for 20 characters a month, 2 concurrent requests.
     */
    public static Path write() {
        StringBuilder yaml = new StringBuilder("""
                clients:
                  - id: alpha
                    key-sha256: %s
                    rate: {requests-per-minute: 100000, burst: 100000}
                    elevenlabs: {allowed: true}
                    max-concurrent-streams: 1000
                  - id: beta
                    key-sha256: %s
                    rate: {requests-per-minute: 100000, burst: 100000}
                    max-concurrent-streams: 1000
                  - id: uncached
                    key-sha256: %s
                    rate: {requests-per-minute: 100000, burst: 100000}
                    max-concurrent-streams: 1000
                    cache: false
                """.formatted(
                        ApiKeys.sha256Hex(ALPHA_KEY), ApiKeys.sha256Hex(BETA_KEY), ApiKeys.sha256Hex(UNCACHED_KEY)));
        for (int i = 1; i <= LIMITED_CLIENTS; i++) {
            yaml.append("""
                      - id: limited-%d
                        key-sha256: %s
                        rate: {requests-per-minute: 60, burst: 3}
                        budget: {chars-per-day: 50, chars-per-month: 80}
                        elevenlabs: {allowed: true, chars-per-month: 20}
                        max-concurrent-streams: 2
                    """.formatted(i, ApiKeys.sha256Hex(limited(i))));
        }
        for (int i = 1; i <= 2; i++) {
            yaml.append("""
                      - id: racer-%d
                        key-sha256: %s
                        rate: {requests-per-minute: 1000000, burst: 1000000}
                        budget: {chars-per-day: 500, chars-per-month: 100000}
                        max-concurrent-streams: 100000
                    """.formatted(i, ApiKeys.sha256Hex(racer(i))));
        }
        return write(yaml.toString());
    }

    /** The key of client {@code racer-n}: no practical rate or concurrency limit, 500 characters a day. */
    public static String racer(int n) {
        return "racer-key-" + n;
    }

    /** The key of client {@code limited-n}. */
    public static String limited(int n) {
        return "limited-key-" + n;
    }

    public static Path write(String yaml) {
        try {
            Path file = Files.createTempFile("clients", ".yml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
