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

    private TestClients() {}

    /** Two clients: {@code alpha} (ElevenLabs allowed) and {@code beta} (not), generous limits. */
    public static Path write() {
        return write("""
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
                """.formatted(ApiKeys.sha256Hex(ALPHA_KEY), ApiKeys.sha256Hex(BETA_KEY)));
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
