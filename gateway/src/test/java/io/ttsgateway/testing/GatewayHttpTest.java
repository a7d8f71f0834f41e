package io.ttsgateway.testing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.routing.SynthesisRouter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole gateway on a random port, in front of two fake providers (Phoenix first, ElevenLabs second) that are real
 * HTTP servers on loopback. Timeouts are short so failure tests stay fast. The fakes live as long as the test JVM and
 * are reset before each test; each test class gets a gateway of its own, closed after the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Tests of routing, limits and failures count provider calls for identical requests, which the audio cache would
// answer. The cache's own tests turn it on with a @DynamicPropertySource, which takes precedence over this.
@TestPropertySource(properties = "gateway.cache.mode=off")
@AutoConfigureWebTestClient
// One gateway at a time in front of the shared fakes: a context left running would keep probing them and could
// send them late requests that the next class counts.
@org.springframework.test.annotation.DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class GatewayHttpTest {

    protected static final FakeProvider PHOENIX = new FakeProvider();
    protected static final FakeProvider ELEVENLABS = new FakeProvider();
    private static final Path CLIENTS = TestClients.write();

    @Autowired
    protected WebTestClient web;

    @Autowired
    private CircuitBreakerRegistry breakers;

    @Autowired
    private SynthesisRouter router;

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("gateway.phoenix.base-url", PHOENIX::baseUrl);
        registry.add("gateway.phoenix.auth-header-name", () -> "Authorization");
        registry.add("gateway.phoenix.auth-header-value", () -> "Bearer " + TestSecrets.PHOENIX_AUTH_VALUE);
        registry.add("gateway.elevenlabs.base-url", ELEVENLABS::baseUrl);
        registry.add("gateway.elevenlabs.api-key", () -> TestSecrets.ELEVENLABS_KEY);
        registry.add("gateway.local.enabled", () -> "false");
        registry.add("gateway.clients.file", CLIENTS::toString);
        registry.add("gateway.voices.file", () -> "../config/voices.yml");
        registry.add("gateway.providers.first-byte-timeout", () -> "1500ms");
        registry.add("gateway.providers.idle-timeout", () -> "1500ms");
        registry.add("gateway.providers.total-timeout", () -> "4s");
        registry.add("gateway.providers.retry-backoff", () -> "20ms");
    }

    @BeforeEach
    void resetFakes() {
        PHOENIX.reset();
        ELEVENLABS.reset();
        // Each test starts with closed breakers and healthy providers, whatever the one before did to them.
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        router.chain()
                .forEach(provider -> router.guard(provider.name()).health().reset());
    }

    protected WebTestClient.RequestBodySpec post(String path) {
        return web.post()
                .uri(path)
                .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json");
    }

    /** One series' value from {@code /actuator/prometheus}, -1 when it is not there (yet). */
    protected double metric(String series) {
        String metrics = web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return java.util.Arrays.stream(metrics.split("\n"))
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst()
                .orElse(-1);
    }
}
