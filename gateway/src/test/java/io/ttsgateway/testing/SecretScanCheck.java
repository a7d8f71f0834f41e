package io.ttsgateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after the whole suite (its own surefire execution in the verify phase) and reads everything every test
 * printed: startup banners, access logs, warnings, failures of providers. No secret the tests used, nor the text a
 * caller asked to speak, may appear in any of it (API.md §5). Development keys ({@code ttsk_…}) are printed on
 * purpose at startup and are not in the list.
 */
class SecretScanCheck {

    @Test
    void shouldFindNoSecretInAnyOutputOfTheSuite() throws IOException {
        Path reports = Path.of("target/surefire-reports");
        List<Path> outputs;
        try (Stream<Path> files = Files.list(reports)) {
            outputs = files.filter(f -> f.getFileName().toString().endsWith("-output.txt"))
                    .filter(f -> !f.getFileName().toString().contains("SecretScanCheck"))
                    .toList();
        }
        assertThat(outputs).as("outputs of the test run to scan").hasSizeGreaterThan(10);

        List<String> leaks = new ArrayList<>();
        long lines = 0;
        for (Path output : outputs) {
            List<String> content = Files.readAllLines(output);
            lines += content.size();
            for (String line : content) {
                if (line.contains("Request details for assertion failure") || line.startsWith("> ")) {
                    continue; // the test client's own echo of a failed assertion, not gateway output
                }
                for (String secret : TestSecrets.all()) {
                    if (line.contains(secret)) {
                        leaks.add(output.getFileName() + ": " + secret);
                    }
                }
            }
        }

        assertThat(lines).as("lines scanned").isGreaterThan(1000);
        assertThat(leaks).isEmpty();
    }
}
