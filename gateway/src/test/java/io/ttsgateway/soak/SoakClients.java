package io.ttsgateway.soak;

import io.ttsgateway.auth.ApiKeys;
import io.ttsgateway.testing.TestClients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak's clients (API.md §3), each with a purpose: solo clients have one caller each, so every request's charge
 * can be read from {@code GET /v1/usage} right after it; shared clients have several callers racing for their
 * concurrency slots; one may not use ElevenLabs; one has small budgets it runs out of; one has a small rate.
 */
final class SoakClients {

    /**
     * One client.
     *
     * @param callers virtual callers using it at once
     * @param solo one caller, and its usage read after each request
     * @param charsPerDay day budget, null for none (the month budget is twice as much)
     * @param elevenLabsPerMonth its ElevenLabs month, null when it may not use ElevenLabs, -1 for no limit
     */
    record Client(
            String id,
            int callers,
            boolean solo,
            int ratePerMinute,
            int burst,
            Long charsPerDay,
            Long elevenLabsPerMonth,
            int maxConcurrent) {

        String key() {
            return "soak-key-" + id;
        }

        boolean elevenLabsAllowed() {
            return elevenLabsPerMonth != null;
        }

        Long charsPerMonth() {
            return charsPerDay == null ? null : 2 * charsPerDay;
        }

        String yaml() {
            StringBuilder yaml = new StringBuilder()
                    .append("  - id: ")
                    .append(id)
                    .append('\n')
                    .append("    key-sha256: ")
                    .append(ApiKeys.sha256Hex(key()))
                    .append('\n')
                    .append("    rate: {requests-per-minute: ")
                    .append(ratePerMinute)
                    .append(", burst: ")
                    .append(burst)
                    .append("}\n")
                    .append("    max-concurrent-streams: ")
                    .append(maxConcurrent)
                    .append('\n');
            if (charsPerDay != null) {
                yaml.append("    budget: {chars-per-day: ")
                        .append(charsPerDay)
                        .append(", chars-per-month: ")
                        .append(charsPerMonth())
                        .append("}\n");
            }
            if (elevenLabsPerMonth != null) {
                yaml.append("    elevenlabs: {allowed: true")
                        .append(elevenLabsPerMonth >= 0 ? ", chars-per-month: " + elevenLabsPerMonth : "")
                        .append("}\n");
            }
            return yaml.toString();
        }
    }

    private SoakClients() {}

    /** The clients for a run of {@code minutes}: the small budgets run out around two thirds in. */
    static List<Client> forMinutes(double minutes) {
        long capped = Math.round(4000 * minutes);
        List<Client> clients = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            clients.add(new Client("solo-" + i, 1, true, 100_000, 1000, null, -1L, 10));
        }
        clients.add(new Client("shared", 4, false, 100_000, 1000, null, -1L, 3));
        clients.add(new Client("phoenix-only", 3, false, 100_000, 1000, null, null, 10));
        clients.add(new Client("capped", 2, false, 100_000, 1000, capped, capped / 4, 4));
        clients.add(new Client("rate-limited", 2, false, 30, 3, null, -1L, 10));
        return List.copyOf(clients);
    }

    static Path write(List<Client> clients) {
        StringBuilder yaml = new StringBuilder("clients:\n");
        clients.forEach(c -> yaml.append(c.yaml()));
        return TestClients.write(yaml.toString());
    }

    /**
     * The most keys Redis can hold for these clients whatever the traffic (API.md §4 "kept where"): per client a rate
     * bucket, a lease set and the day and month counters; per ElevenLabs client its month; the gateway-wide month.
     */
    static int maxKeys(List<Client> clients) {
        int keys = 1;
        for (Client client : clients) {
            keys += 4 + (client.elevenLabsAllowed() ? 1 : 0);
        }
        return keys;
    }
}
