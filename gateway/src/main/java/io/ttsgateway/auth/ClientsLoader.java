package io.ttsgateway.auth;

import io.ttsgateway.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Loads clients by the rules of API.md §3, including when a development client is made instead. */
public final class ClientsLoader {

    static final Path DEFAULT_FILE = Path.of("config/clients.yml");
    private static final String SETTING = "GATEWAY_CLIENTS_FILE";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private ClientsLoader() {}

    /**
     * @param configuredFile {@code GATEWAY_CLIENTS_FILE}, blank when unset
     * @return the registry; with a development client and its key when no client is configured
     */
    public static ClientRegistry load(String configuredFile) {
        boolean explicit = configuredFile != null && !configuredFile.isBlank();
        Path file = explicit ? Path.of(configuredFile.trim()) : DEFAULT_FILE;
        if (!Files.isRegularFile(file)) {
            if (explicit) {
                throw new InvalidSettingException(SETTING, file + " does not exist");
            }
            return ClientRegistry.development();
        }
        List<Client> clients = parse(read(file), file.toString());
        if (clients.isEmpty()) {
            if (explicit) {
                throw new InvalidSettingException(SETTING, file + " lists no client");
            }
            return ClientRegistry.development();
        }
        return new ClientRegistry(clients);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            throw new InvalidSettingException(SETTING, file + " cannot be read");
        }
    }

    static List<Client> parse(String yaml, String source) {
        ClientsFile parsed;
        try {
            parsed = YAMLMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build()
                    .readValue(yaml, ClientsFile.class);
        } catch (Exception e) {
            throw new InvalidSettingException(
                    SETTING, source + " is not a valid clients file: " + firstLine(e.getMessage()));
        }
        if (parsed == null || parsed.clients() == null) {
            return List.of();
        }
        List<Client> clients = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (ClientsFile.Entry entry : parsed.clients()) {
            String where = source + ": client '" + entry.id() + "'";
            check(
                    entry.id() != null && CLIENT_ID.matcher(entry.id()).matches(),
                    source + ": every client needs an id matching [A-Za-z0-9._-]{1,64}");
            check(ids.add(entry.id()), where + " is listed twice");
            check(
                    entry.keySha256() != null
                            && SHA256_HEX.matcher(entry.keySha256()).matches(),
                    where + ": key-sha256 must be 64 hex digits (make one with: java -jar tts-gateway.jar keygen)");
            check(hashes.add(entry.keySha256().toLowerCase()), where + ": key-sha256 is used by another client");
            clients.add(new Client(
                    entry.id(),
                    HexFormat.of().parseHex(entry.keySha256()),
                    limits(entry, where),
                    !Boolean.FALSE.equals(entry.cache())));
        }
        return clients;
    }

    private static ClientLimits limits(ClientsFile.Entry e, String where) {
        int rpm = e.rate() == null || e.rate().requestsPerMinute() == null
                ? 60
                : e.rate().requestsPerMinute();
        int burst = e.rate() == null || e.rate().burst() == null
                ? Math.max(1, Math.min(rpm, 10))
                : e.rate().burst();
        Long day = e.budget() == null ? null : e.budget().charsPerDay();
        Long month = e.budget() == null ? null : e.budget().charsPerMonth();
        boolean elAllowed =
                e.elevenlabs() != null && Boolean.TRUE.equals(e.elevenlabs().allowed());
        Long elMonth = e.elevenlabs() == null ? null : e.elevenlabs().charsPerMonth();
        int streams = e.maxConcurrentStreams() == null ? 10 : e.maxConcurrentStreams();
        check(rpm >= 1, where + ": rate.requests-per-minute must be at least 1");
        check(burst >= 1, where + ": rate.burst must be at least 1");
        check(day == null || day >= 0, where + ": budget.chars-per-day must not be negative");
        check(month == null || month >= 0, where + ": budget.chars-per-month must not be negative");
        check(elMonth == null || elMonth >= 0, where + ": elevenlabs.chars-per-month must not be negative");
        check(streams >= 1, where + ": max-concurrent-streams must be at least 1");
        return new ClientLimits(rpm, burst, day, month, elAllowed, elMonth, streams);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidSettingException(SETTING, message);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
