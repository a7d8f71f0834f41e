package io.ttsgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.testing.TestClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientsLoaderTest {

    private static final String HASH = ApiKeys.sha256Hex("k1");

    @Test
    void shouldReadEveryLimitOfTheContractExample() {
        List<Client> clients = ClientsLoader.parse("""
                clients:
                  - id: virtual-banker
                    key-sha256: %s
                    rate: {requests-per-minute: 120, burst: 20}
                    budget: {chars-per-day: 200000, chars-per-month: 3000000}
                    elevenlabs: {allowed: true, chars-per-month: 500000}
                    max-concurrent-streams: 10
                """.formatted(HASH), "test");

        assertThat(clients).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("virtual-banker");
            assertThat(c.limits()).isEqualTo(new ClientLimits(120, 20, 200_000L, 3_000_000L, true, 500_000L, 10));
        });
    }

    @Test
    void shouldApplySafeDefaultsWhenLimitsAreOmitted() {
        Client client = ClientsLoader.parse("clients: [{id: app, key-sha256: " + HASH + "}]", "test")
                .get(0);

        assertThat(client.limits()).isEqualTo(new ClientLimits(60, 10, null, null, false, null, 10));
    }

    @Test
    void shouldRefuseTyposDuplicatesAndBadHashes() {
        assertThatThrownBy(() -> ClientsLoader.parse("clients: [{id: a, key-sha256: " + HASH + ", burts: 3}]", "f"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("GATEWAY_CLIENTS_FILE: f is not a valid");
        assertThatThrownBy(() -> ClientsLoader.parse("clients: [{id: a, key-sha256: abc}]", "f"))
                .hasMessageContaining("key-sha256 must be 64 hex digits");
        assertThatThrownBy(() -> ClientsLoader.parse(
                        "clients: [{id: a, key-sha256: " + HASH + "}, {id: a, key-sha256: " + ApiKeys.sha256Hex("k2")
                                + "}]",
                        "f"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> ClientsLoader.parse(
                        "clients: [{id: a, key-sha256: " + HASH + "}, {id: b, key-sha256: " + HASH.toUpperCase() + "}]",
                        "f"))
                .hasMessageContaining("used by another client");
        assertThatThrownBy(() -> ClientsLoader.parse(
                        "clients: [{id: a, key-sha256: " + HASH + ", rate: {requests-per-minute: 0}}]", "f"))
                .hasMessageContaining("requests-per-minute must be at least 1");
    }

    @Test
    void shouldStopWhenAnExplicitFileIsMissingOrEmpty() {
        assertThatThrownBy(() -> ClientsLoader.load("/nonexistent/clients.yml"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("does not exist");
        Path empty = TestClients.write("clients: []\n");
        assertThatThrownBy(() -> ClientsLoader.load(empty.toString())).hasMessageContaining("lists no client");
    }

    @Test
    void shouldCreateADevelopmentClientWhenNothingIsConfigured() {
        // Tests run in gateway/, where config/clients.yml does not exist.
        ClientRegistry registry = ClientsLoader.load("");

        String key = registry.developmentKey().orElseThrow();
        assertThat(key).startsWith("ttsk_").hasSizeGreaterThan(40);
        assertThat(registry.authenticate(key))
                .hasValueSatisfying(c -> assertThat(c.id()).isEqualTo("dev"));
        assertThat(ClientsLoader.load("").developmentKey()).get().isNotEqualTo(key);
        assertThat(registry.clients().get(0).limits().elevenLabsAllowed())
                .as("a key printed to a console never spends ElevenLabs characters")
                .isFalse();
    }

    @Test
    void shouldAuthenticateOnlyTheRightKey() {
        ClientRegistry registry = ClientsLoader.load(TestClients.write().toString());

        assertThat(registry.developmentKey()).isEmpty();
        assertThat(registry.authenticate(TestClients.ALPHA_KEY))
                .get()
                .extracting(Client::id)
                .isEqualTo("alpha");
        assertThat(registry.authenticate(TestClients.BETA_KEY))
                .get()
                .extracting(Client::id)
                .isEqualTo("beta");
        assertThat(registry.authenticate(TestClients.ALPHA_KEY + "x")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
        assertThat(registry.authenticate(null)).isEmpty();
    }

    @Test
    void shouldPrintAKeyAndItsHashForKeygen() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        KeyGenCommand.run(new PrintStream(out, true));

        String[] lines = out.toString().split("\n");
        String key = lines[0].substring("key: ".length());
        assertThat(lines[1]).isEqualTo("key-sha256: " + ApiKeys.sha256Hex(key));
    }
}
