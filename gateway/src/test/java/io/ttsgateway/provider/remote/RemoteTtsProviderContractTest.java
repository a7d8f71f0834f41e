package io.ttsgateway.provider.remote;

import static org.awaitility.Awaitility.await;

import io.ttsgateway.config.OutboundHttp;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.TtsProviderContract;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.FakeProvider.Behavior;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/** The ElevenLabs-shaped client (Phoenix and ElevenLabs) against a fake provider on loopback. */
class RemoteTtsProviderContractTest extends TtsProviderContract {

    private static final FakeProvider FAKE = new FakeProvider();
    private static final ConnectionProvider CONNECTIONS = ConnectionProvider.create("contract", 16);
    /** Generous: a first call also loads the client's classes and opens a connection, on a busy machine. */
    private static final TimeoutProperties PATIENT = new TimeoutProperties(
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    /** Short, so that the timeout cases end quickly. */
    private static final TimeoutProperties IMPATIENT = new TimeoutProperties(
            Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(2));

    private final TtsProvider provider = provider(PATIENT);
    private final TtsProvider impatient = provider(IMPATIENT);
    private int closedBeforeLongAnswer;

    private static TtsProvider provider(TimeoutProperties timeouts) {
        return new RemoteTtsProvider(
                new RemoteSettings("phoenix", FAKE.baseUrl(), timeouts),
                new OutboundHttp(CONNECTIONS)
                        .webClient(timeouts.connectTimeout())
                        .build(),
                JsonMapper.builder().build());
    }

    @BeforeEach
    void resetFake() {
        FAKE.reset();
    }

    @AfterAll
    static void stop() {
        CONNECTIONS.dispose();
        FAKE.close();
    }

    @Override
    protected TtsProvider speaking() {
        FAKE.always(Behavior.chunks(Duration.ofMillis(50), "one".getBytes(), "two".getBytes(), "three".getBytes()));
        return provider;
    }

    /** The API takes every listed format. */
    @Override
    protected Set<String> unsupportedFormats() {
        return Set.of();
    }

    @Override
    protected Map<String, Supplier<Call>> failures() {
        Map<String, Supplier<Call>> failures = new LinkedHashMap<>();
        failures.put("503", answering(provider, Behavior.error(503, "busy", "try later")));
        failures.put("401", answering(provider, Behavior.error(401, "invalid_api_key", "bad key")));
        failures.put(
                "an HTML error page",
                answering(provider, Behavior.status(502, "<html><body>Bad Gateway</body></html>")));
        failures.put("no first byte in time", answering(impatient, Behavior.hang()));
        failures.put(
                "a gap between chunks",
                answering(impatient, Behavior.chunks(Duration.ofMillis(600), "a".getBytes(), "b".getBytes())));
        failures.put(
                "a reset part-way", answering(provider, Behavior.resetAfter(Duration.ofMillis(20), "half".getBytes())));
        failures.put("a refused connection", () -> {
            FAKE.reset();
            FAKE.refuseConnections();
            return new Call(provider, request(TEXT, "mp3_44100_128"));
        });
        return failures;
    }

    private static Supplier<Call> answering(TtsProvider provider, Behavior behavior) {
        return () -> {
            FAKE.reset();
            FAKE.always(behavior);
            return new Call(provider, request(TEXT, "mp3_44100_128"));
        };
    }

    @Override
    protected Call longAnswer() {
        FAKE.always(Behavior.endless(Duration.ofMillis(20)));
        closedBeforeLongAnswer = FAKE.closedConnections();
        return new Call(provider, request(TEXT, "mp3_44100_128"));
    }

    /** An endless answer ends only when the client closes its connection. */
    @Override
    protected void assertWorkStopped() {
        await().atMost(Duration.ofSeconds(5)).until(() -> FAKE.closedConnections() > closedBeforeLongAnswer);
    }
}
