package io.ttsgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.GatewayApplication;
import io.ttsgateway.auth.ApiKeys;
import io.ttsgateway.auth.StreamTokens;
import io.ttsgateway.limits.LimitStores;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real application the way an operator does, capturing everything it prints: bad settings stop it with a
 * line naming the setting, the chain is logged with base URLs, and no secret ever appears.
 */
class StartupIT {

    private static final String EL_KEY = "el-live-secret-0123456789";
    private static final String PHOENIX_AUTH = "Bearer phoenix-auth-secret-987";

    @Test
    void shouldLogTheChainWithBaseUrlsAndNeverASecret() {
        String output = captured(() -> {
            try (ConfigurableApplicationContext context = start(
                    "--gateway.phoenix.base-url=http://127.0.0.1:1/v1",
                    "--gateway.phoenix.auth-header-name=Authorization",
                    "--gateway.phoenix.auth-header-value=" + PHOENIX_AUTH,
                    "--gateway.elevenlabs.api-key=" + EL_KEY,
                    "--gateway.elevenlabs.base-url=http://127.0.0.1:2/v1",
                    "--gateway.clients.file=" + TestClients.write())) {
                assertThat(context.isRunning()).isTrue();
            }
        });

        assertThat(output)
                .contains("provider chain: phoenix (http://127.0.0.1:1/v1, health http://127.0.0.1:1/health)"
                        + " -> elevenlabs (http://127.0.0.1:2/v1");
        assertThat(output).doesNotContain(EL_KEY, "phoenix-auth-secret-987", TestClients.ALPHA_KEY);
        assertThat(output).doesNotContain("development client");
    }

    @Test
    void shouldPrintTheDevelopmentKeyOnceWithACurlLineWhenNoClientIsConfigured() {
        String output = captured(() -> {
            try (ConfigurableApplicationContext context = start(
                    "--gateway.elevenlabs.api-key=" + EL_KEY, "--gateway.elevenlabs.base-url=http://127.0.0.1:2/v1")) {
                assertThat(context.isRunning()).isTrue();
            }
        });

        Matcher key = Pattern.compile("key \\(shown once\\):\\s+(ttsk_\\S+)").matcher(output);
        assertThat(key.find()).isTrue();
        assertThat(output)
                .contains("curl -sS -X POST http://localhost:")
                .contains("-H 'Authorization: Bearer " + key.group(1) + "'")
                .contains("/#key=" + key.group(1));
        assertThat(output.split(Pattern.quote(key.group(1)), -1))
                .as("printed in one block")
                .hasSize(4);
        assertThat(output).doesNotContain(EL_KEY);
    }

    @Test
    void shouldOpenThePortOnlyOnceRedisIsConnectedAndTheDevelopmentKeyPrinted() {
        List<String> atPortOpen = new CopyOnWriteArrayList<>();
        SpringApplication app = new SpringApplication(GatewayApplication.class);
        app.addListeners((ApplicationListener<WebServerInitializedEvent>) event -> {
            var context = event.getApplicationContext();
            atPortOpen.add("redis=" + context.getBean(LimitStores.class).state());
        });
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try (ConfigurableApplicationContext context = app.run(
                "--server.port=0",
                "--gateway.local.enabled=true",
                "--gateway.redis.url=" + TestRedis.url(),
                "--gateway.redis.key-prefix=" + TestRedis.uniquePrefix())) {
            atPortOpen.add("key printed=" + printed.toString().contains("key (shown once)"));
        } finally {
            System.setOut(out);
        }

        assertThat(atPortOpen)
                .as(printed.toString()
                        .lines()
                        .filter(l -> l.contains("redis"))
                        .toList()
                        .toString())
                .containsExactly("redis=UP", "key printed=true");
    }

    /** A provider, so that startup gets as far as the setting under test. */
    private static final String PHOENIX_SET = "--gateway.phoenix.base-url=http://127.0.0.1:1/v1";

    @Test
    void shouldStopWithOneLineNamingTheSettingWhenAValueIsInvalid() {
        assertThat(analysis("--gateway.providers.connect-timeout=0s").getDescription())
                .isEqualTo(
                        "Invalid configuration: TTS_CONNECT_TIMEOUT: 0ms must be a positive duration such as 500ms or 2s");
        assertThat(analysis("--gateway.providers.order=phoenix,polly").getDescription())
                .startsWith("Invalid configuration: TTS_PROVIDERS: unknown provider 'polly'");
        assertThat(analysis("--gateway.providers.idle-timeout=soon").getDescription())
                .startsWith(
                        "Invalid configuration: TTS_IDLE_TIMEOUT (gateway.providers.idle-timeout): 'soon' is not a valid value");
        assertThat(analysis("--gateway.clients.file=/nope/clients.yml").getDescription())
                .isEqualTo("Invalid configuration: GATEWAY_CLIENTS_FILE: /nope/clients.yml does not exist");
        assertThat(analysis("--gateway.phoenix.base-url=phoenix:9000").getDescription())
                .startsWith("Invalid configuration: PHOENIX_TTS_BASE_URL: ");
        FailureAnalysis secretInError =
                analysis("--gateway.elevenlabs.api-key=" + EL_KEY, "--gateway.elevenlabs.monthly-char-cap=-5");
        assertThat(secretInError.getDescription())
                .startsWith("Invalid configuration: ELEVENLABS_MONTHLY_CHAR_CAP")
                .doesNotContain(EL_KEY);
        assertThat(analysis(PHOENIX_SET, "--gateway.redis.cluster-nodes=redis-0:6379,:pass@nohost")
                        .getDescription())
                .isEqualTo("Invalid configuration: REDIS_CLUSTER_NODES: entry 2 of 2 is not host:port or a redis:// or"
                        + " rediss:// URI (e.g. redis-0:6379,redis-1:6379)");
        assertThat(analysis(
                                PHOENIX_SET,
                                "--gateway.redis.cluster-nodes=redis-0:6379",
                                "--gateway.redis.url=redis://localhost:6379")
                        .getDescription())
                .startsWith("Invalid configuration: REDIS_CLUSTER_NODES: is set together with REDIS_URL");
        assertThat(analysis(PHOENIX_SET, "--gateway.cache.mode=sometimes").getDescription())
                .isEqualTo("Invalid configuration: TTS_CACHE: 'sometimes' is not one of client, shared, off");
        assertThat(analysis(PHOENIX_SET, "--gateway.cache.secret=" + "c".repeat(31))
                        .getDescription())
                .startsWith("Invalid configuration: TTS_CACHE_SECRET: must be at least 32 bytes")
                .doesNotContain("ccccc");
        assertThat(analysis(PHOENIX_SET, "--gateway.cache.ttl=0s").getDescription())
                .startsWith("Invalid configuration: TTS_CACHE_TTL: ");
        assertThat(analysis(PHOENIX_SET, "--gateway.cache.max-entry=0B").getDescription())
                .startsWith("Invalid configuration: TTS_CACHE_MAX_ENTRY: ");
    }

    @Test
    void shouldRefuseToStartWithATokenSecretShortEnoughToGuessSoNoTokenCanBeForgedWithIt() {
        FailureAnalysis analysis = analysis("--gateway.clients.token-secret=abc");

        assertThat(analysis.getDescription())
                .isEqualTo(
                        "Invalid configuration: GATEWAY_TOKEN_SECRET: is 3 bytes; "
                                + "at least 32 are required (e.g. openssl rand -base64 32), or leave it unset for a random one");
        assertThat(analysis("--gateway.clients.token-secret=" + "s".repeat(31)).getDescription())
                .startsWith("Invalid configuration: GATEWAY_TOKEN_SECRET: is 31 bytes")
                .doesNotContain("sssss");
        String output = captured(() -> {
            try (ConfigurableApplicationContext context = start(
                    "--gateway.clients.token-secret=" + "s".repeat(32),
                    "--gateway.phoenix.base-url=http://127.0.0.1:1/v1",
                    "--gateway.clients.file=" + TestClients.write())) {
                assertThat(context.getBean(StreamTokens.class).configured()).isTrue();
            }
        });
        assertThat(output).doesNotContain("s".repeat(32));
    }

    @Test
    void shouldPrintAKeyAndItsHashLineWithoutStartingTheServerForKeygen() {
        String output = captured(() -> GatewayApplication.main(new String[] {"keygen"}));

        Matcher m =
                Pattern.compile("key: (ttsk_\\S+)\\nkey-sha256: ([0-9a-f]{64})").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        assertThat(ApiKeys.sha256Hex(m.group(1))).isEqualTo(m.group(2));
        assertThat(output).doesNotContain("Netty started");
    }

    private static FailureAnalysis analysis(String... args) {
        Throwable[] failure = new Throwable[1];
        captured(() -> assertThatThrownBy(() -> start(args)).satisfies(t -> failure[0] = t));
        FailureAnalysis analysis = new InvalidSettingFailureAnalyzer().analyze(failure[0]);
        assertThat(analysis).as("analysis of " + failure[0]).isNotNull();
        assertThat(analysis.getDescription()).doesNotContain("\n");
        return analysis;
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        all[args.length + 1] = "--gateway.local.enabled=false";
        SpringApplication app = new SpringApplication(GatewayApplication.class);
        return app.run(all);
    }

    /** Everything written to standard output and error while {@code action} runs. */
    private static String captured(Runnable action) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        out.print(buffer.toString(StandardCharsets.UTF_8));
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
