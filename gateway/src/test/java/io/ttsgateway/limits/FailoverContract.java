package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.GatewayApplication;
import io.ttsgateway.auth.ApiKeys;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.SteadyFlow;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A whole gateway through a failover (API.md §11): the master that holds a client's keys is killed (SIGKILL) while
 * requests flow. Every request is answered within a bound, as "Redis unreachable" (§4) says while no master answers
 * for the key, the gateway notices the promoted replica without a restart and counts in it again, and ElevenLabs
 * characters are never handed back by the failover. One subclass per topology says how to start it and what to kill;
 * each test gets a fresh one (a failover uses its replica up).
 */
abstract class FailoverContract {

    /** The longest any request may take: REDIS_TIMEOUT (1 s) for the limits, twice, and the provider's answer. */
    static final Duration BOUND = Duration.ofSeconds(3);

    /** A logical voice only ElevenLabs has: a request for it is served by ElevenLabs or not at all. */
    static final String PAID = "paid";

    static final String KEY = "failover-test-key";

    private final FakeProvider phoenix = new FakeProvider();
    private final FakeProvider elevenlabs = new FakeProvider();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private ConfigurableApplicationContext gateway;
    protected String prefix;
    protected String base;
    protected WebTestClient web;

    /** Starts the topology. */
    protected abstract void startRedis();

    /** The gateway's settings that point it at the topology. */
    protected abstract List<String> redisSettings();

    /** The id of the client the test sends as: one whose keys live on the master {@link #killMaster} kills. */
    protected String clientId() {
        return "steady";
    }

    /** SIGKILLs the master that holds the client's keys and the ElevenLabs keys. */
    protected abstract void killMaster();

    /** SIGSTOPs that master: it hangs, its sockets open, until the test ends. */
    protected abstract void freezeMaster();

    /** SIGSTOPs the replica of that master: it acknowledges nothing until resumed. */
    protected abstract void pauseReplica();

    protected abstract void resumeReplica();

    /** Waits until the topology has promoted that master's replica. */
    protected abstract void awaitPromotion();

    /** A key's value as its master holds it now, "" when it has none. */
    protected abstract String read(String key);

    protected abstract void stopRedis();

    @BeforeEach
    void startTopology() {
        startRedis();
        opened.add(this::stopRedis);
        opened.add(phoenix);
        opened.add(elevenlabs);
    }

    /** A gateway on the topology; its one client may spend {@code elevenLabsCap} ElevenLabs characters a month. */
    private void startGateway(long elevenLabsCap) throws Exception {
        prefix = TestRedis.uniquePrefix();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--gateway.redis.key-prefix=" + prefix,
                "--gateway.clients.file=" + clients(elevenLabsCap),
                "--gateway.voices.file=" + voices(),
                "--gateway.cache.mode=off",
                "--gateway.phoenix.base-url=" + phoenix.baseUrl(),
                "--gateway.elevenlabs.api-key=test-key",
                "--gateway.elevenlabs.base-url=" + elevenlabs.baseUrl(),
                "--gateway.local.enabled=false"));
        args.addAll(redisSettings());
        gateway = new SpringApplication(GatewayApplication.class).run(args.toArray(String[]::new));
        opened.add(0, gateway);
        base = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
        web = WebTestClient.bindToServer()
                .baseUrl(base)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
        await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(redisState()));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    @Test
    void shouldAnswerEveryRequestThroughAFailoverAndCountInTheNewMasterWithoutARestart() throws Exception {
        throughAFailover("master killed", this::killMaster);
    }

    /**
     * A master that hangs (SIGSTOP) rather than dies: its sockets stay open and nothing resets them, as when a host
     * dies or a network drops its packets. The gateway must still leave it for the promoted replica.
     */
    @Test
    void shouldLeaveAMasterThatHangsForThePromotedOneWithoutARestart() throws Exception {
        throughAFailover("master hung", this::freezeMaster);
    }

    private void throughAFailover(String name, Runnable fault) throws Exception {
        startGateway(100_000_000);
        SteadyFlow speech =
                SteadyFlow.start(base, KEY, text("steady flow of speech", null), 4, Duration.ofMillis(20), BOUND);
        SteadyFlow paid = SteadyFlow.start(base, KEY, text("paid words", PAID), 1, Duration.ofMillis(50), BOUND);
        opened.add(0, speech);
        opened.add(0, paid);
        Thread.sleep(1_000);

        long faulted = System.nanoTime();
        fault.run();
        awaitPromotion();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "UP".equals(redisState()));
        long up = System.nanoTime();
        Thread.sleep(1_500);
        List<SteadyFlow.Answer> spoken = speech.stop();
        List<SteadyFlow.Answer> paidAnswers = paid.stop();
        System.out.printf(
                "failover, %s: redis UP in /ready %d ms after the fault; %d answers, the slowest in %d ms%n",
                name,
                Duration.ofNanos(up - faulted).toMillis(),
                spoken.size(),
                spoken.stream()
                        .map(SteadyFlow.Answer::took)
                        .max(Duration::compareTo)
                        .orElse(Duration.ZERO)
                        .toMillis());

        assertThat(spoken)
                .as(
                        "every request answered within %s, and served (Phoenix, limits in memory while Redis is away)",
                        BOUND)
                .isNotEmpty()
                .allSatisfy(answer -> {
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    assertThat(answer.took()).isLessThanOrEqualTo(BOUND);
                });
        assertThat(paidAnswers)
                .as("ElevenLabs used only while its cap is enforced in Redis, refused as unreachable otherwise")
                .allSatisfy(answer -> {
                    assertThat(answer.took()).isLessThanOrEqualTo(BOUND);
                    if (answer.status() == 200) {
                        assertThat(answer.provider()).isEqualTo("elevenlabs");
                    } else {
                        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                        assertThat(answer.body()).containsAnyOf("redis-unavailable", "redis-unreplicated");
                    }
                })
                .anySatisfy(answer -> assertThat(answer.status()).isEqualTo(503));
        assertThat(redisState()).isEqualTo("UP");
        // Every ElevenLabs character charged is in the new master: the failover handed none back.
        long billed = elevenLabsCharacters();
        assertThat(read(keys().elevenLabsGateway(month()))).isEqualTo(Long.toString(billed));

        // Budgets are counted in the new master again.
        String day = keys().day(clientId(), LocalDate.now(ZoneOffset.UTC));
        long before = Long.parseLong(read(day));
        send("seven c", null).expectStatus().isOk();
        assertThat(read(day)).isEqualTo(Long.toString(before + 7));
    }

    @Test
    void shouldNeverSpendMoreElevenLabsCharactersThanTheCapThroughAFailover() throws Exception {
        startGateway(100);
        for (int i = 0; i < 5; i++) {
            send("ten chars!", PAID).expectStatus().isOk();
        }

        // Writes the master acknowledges now never reach the replica that will take over.
        pauseReplica();
        try {
            for (int i = 0; i < 3; i++) {
                send("ten chars!", PAID)
                        .expectStatus()
                        .isEqualTo(503)
                        .expectBody(String.class)
                        .value(body -> assertThat(body).contains("redis-unreplicated"));
            }
            killMaster();
        } finally {
            resumeReplica();
        }
        awaitPromotion();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "UP".equals(redisState()));

        int served = 0;
        for (int i = 0; i < 10; i++) {
            int status = send("ten chars!", PAID)
                    .returnResult(String.class)
                    .getStatus()
                    .value();
            if (status == 200) {
                served++;
            }
        }

        assertThat(served)
                .as("the 50 characters left under the client's cap of 100")
                .isEqualTo(5);
        assertThat(elevenLabsCharacters()).isEqualTo(100);
    }

    /**
     * What a failover loses of the budgets, which do not wait for a replica (README "Scaling out"). Not a check: it
     * prints figures, and runs only when asked ({@code -Dfailover.measure=true}). Characters answered before the kill
     * were all charged on the old master; the new master's counter shows how many of them it received.
     */
    @Test
    @EnabledIfSystemProperty(named = "failover.measure", matches = "true")
    void measureWhatAFailoverLosesOfTheBudgets() throws Exception {
        startGateway(100_000_000);
        String words = "x".repeat(100);
        SteadyFlow flow = SteadyFlow.start(base, KEY, text(words, null), 8, Duration.ZERO, BOUND);
        opened.add(0, flow);
        Thread.sleep(3_000);

        long killed = System.nanoTime();
        killMaster();
        List<SteadyFlow.Answer> answers = flow.stop();
        awaitPromotion();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "UP".equals(redisState()));
        long up = System.nanoTime();

        long before = answers.stream()
                .filter(a -> a.status() == 200 && a.answeredNanos() < killed)
                .mapToLong(SteadyFlow.Answer::characters)
                .sum();
        long all = answers.stream()
                .filter(a -> a.status() == 200)
                .mapToLong(SteadyFlow.Answer::characters)
                .sum();
        long seconds = Math.max(
                1, Duration.ofNanos(killed - answers.get(0).sentNanos()).toSeconds());
        String held = read(keys().day(clientId(), LocalDate.now(ZoneOffset.UTC)));
        long kept = held.isEmpty() ? 0 : Long.parseLong(held);
        System.out.printf(
                "failover loss: %d req/s of %d characters; answered before the kill %d characters, after it %d;"
                        + " the new master holds %d: lost %d to %d characters; redis UP in /ready %d ms after the"
                        + " kill%n",
                answers.stream().filter(a -> a.answeredNanos() < killed).count() / seconds,
                words.length(),
                before,
                all - before,
                kept,
                Math.max(0, before - kept),
                Math.max(0, all - kept),
                Duration.ofNanos(up - killed).toMillis());
    }

    private long elevenLabsCharacters() {
        return elevenlabs.requests().stream()
                .mapToLong(
                        r -> textOf(r.body()).codePointCount(0, textOf(r.body()).length()))
                .sum();
    }

    private static String textOf(String json) {
        int start = json.indexOf("\"text\":\"") + 8;
        return json.substring(start, json.indexOf('"', start));
    }

    private WebTestClient.ResponseSpec send(String words, String voice) {
        return web.post()
                .uri("/v1/tts")
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .bodyValue(text(words, voice))
                .exchange();
    }

    private static String text(String words, String voice) {
        return voice == null
                ? "{\"text\":\"" + words + "\"}"
                : "{\"text\":\"" + words + "\",\"voice_id\":\"" + voice + "\"}";
    }

    protected LimitKeys keys() {
        return new LimitKeys(prefix);
    }

    private static YearMonth month() {
        return YearMonth.now(ZoneOffset.UTC);
    }

    private String redisState() {
        return web.get()
                .uri("/ready")
                .exchange()
                .returnResult(String.class)
                .getResponseBody()
                .blockFirst(Duration.ofSeconds(5))
                .replaceAll("(?s).*\"redis\":\\{\"status\":\"([A-Za-z]+)\".*", "$1");
    }

    private Path clients(long elevenLabsCap) {
        return TestClients.write("""
                clients:
                  - id: %s
                    key-sha256: %s
                    rate: {requests-per-minute: 1000000, burst: 10}
                    budget: {chars-per-day: 100000000}
                    elevenlabs: {allowed: true, chars-per-month: %d}
                    max-concurrent-streams: 1000
                """.formatted(clientId(), ApiKeys.sha256Hex(KEY), elevenLabsCap));
    }

    private static Path voices() throws Exception {
        Path file = Files.createTempFile("voices", ".yml");
        Files.writeString(file, """
                default: narrator
                voices:
                  - name: narrator
                    phoenix: ph-narrator-1
                    elevenlabs: 21m00Tcm4TlvDq8ikWAM
                  - name: %s
                    elevenlabs: EXAVITQu4vr4xnSDxMaL
                """.formatted(PAID));
        file.toFile().deleteOnExit();
        return file;
    }
}
