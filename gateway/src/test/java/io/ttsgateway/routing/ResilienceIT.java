package io.ttsgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.buffer.Unpooled;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * API.md §1 under every kind of provider trouble, with small windows and short intervals so each case takes at most
 * a few seconds: breakers (open, half-open, slow calls), retries (counted at the provider), health probes, the
 * ElevenLabs quota, readiness.
 *
 * <p>Breakers run on the application's clock, here a {@link MutableClock}: a slow provider moves it before it
 * answers, an open breaker's wait passes when a test moves it. Nothing else moves it, so no call is slow by accident
 * and no breaker reopens on its own. The open duration is long in real time too: Resilience4j's own move to half-open
 * runs on a real-time scheduler, which must not fire during the class.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(ResilienceIT.VirtualTime.class)
class ResilienceIT extends GatewayHttpTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static final Duration SLOW_CALL = Duration.ofSeconds(5);
    private static final Duration OPEN_DURATION = Duration.ofMinutes(10);

    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void resilience(DynamicPropertyRegistry registry) {
        registry.add("gateway.providers.breaker.window", () -> "4");
        registry.add("gateway.providers.breaker.min-calls", () -> "4");
        registry.add("gateway.providers.breaker.slow-call", SLOW_CALL::toString);
        registry.add("gateway.providers.breaker.open-duration", OPEN_DURATION::toString);
        registry.add("gateway.phoenix.health-interval", () -> "100ms");
        registry.add("gateway.elevenlabs.quota-check-interval", () -> "100ms");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class VirtualTime {

        @Bean
        @Primary
        Clock virtualClock() {
            return CLOCK;
        }
    }

    @Test
    void shouldSkipPhoenixWithoutARequestWhileItsBreakerIsOpenAndCloseItAfterTrialCalls() {
        PHOENIX.always(Behavior.error(500, "internal", "down"));
        for (int i = 0; i < 4; i++) {
            stream().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Fallback-Reasons", "phoenix=status:500");
        }
        assertThat(breakers.circuitBreaker("phoenix").getState()).isEqualTo(CircuitBreaker.State.OPEN);

        stream()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-From", "phoenix")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-Reasons", "phoenix=breaker-open");
        assertThat(calls(PHOENIX)).isEqualTo(4);
        ready().jsonPath("$.components.phoenix.status").isEqualTo("OPEN");

        PHOENIX.always(Behavior.audio("ok".getBytes()));
        CLOCK.advance(OPEN_DURATION.minusSeconds(1));
        stream().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Fallback-Reasons", "phoenix=breaker-open");
        assertThat(calls(PHOENIX))
                .as("still open a second before its wait is over")
                .isEqualTo(4);

        CLOCK.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            stream().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "phoenix");
        }
        // A call is recorded when its stream ends on the gateway's side, a moment after the caller has it all.
        await().atMost(Duration.ofSeconds(2))
                .until(() -> breakers.circuitBreaker("phoenix").getState() == CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldCountSlowFirstBytesAsSlowCallsAndOpenTheBreaker() {
        PHOENIX.always(took(SLOW_CALL.plusSeconds(1), Behavior.audio("slow".getBytes())));
        for (int i = 0; i < 4; i++) {
            stream().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "phoenix");
        }

        stream()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-Reasons", "phoenix=breaker-open");
        assertThat(breakers.circuitBreaker("phoenix").getMetrics().getNumberOfSlowSuccessfulCalls())
                .isEqualTo(4);
    }

    @Test
    void shouldNotCountALongAnswerAsSlowWhenItsFirstByteCameAtOnce() {
        for (int i = 0; i < 4; i++) {
            Sinks.Empty<Void> rest = Sinks.empty();
            PHOENIX.then(response -> response.header("Content-Type", "audio/mpeg")
                    .send(
                            Flux.concat(
                                    Mono.fromSupplier(() -> Unpooled.wrappedBuffer("first".getBytes())),
                                    rest.asMono()
                                            .then(Mono.fromSupplier(() -> Unpooled.wrappedBuffer("rest".getBytes())))),
                            b -> true));

            StepVerifier.create(stream()
                            .expectStatus()
                            .isOk()
                            .returnResult(byte[].class)
                            .getResponseBody())
                    .expectNextCount(1)
                    // The caller has the first byte: whatever the answer takes from here, the call was not slow.
                    .then(() -> {
                        CLOCK.advance(SLOW_CALL.multipliedBy(2));
                        rest.tryEmitEmpty();
                    })
                    .thenConsumeWhile(chunk -> true)
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
        }

        await().atMost(Duration.ofSeconds(2))
                .until(() -> breakers.circuitBreaker("phoenix").getMetrics().getNumberOfSuccessfulCalls() == 4);
        assertThat(breakers.circuitBreaker("phoenix").getMetrics().getNumberOfSlowCalls())
                .isZero();
        assertThat(breakers.circuitBreaker("phoenix").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldRetryWholeAudioOnRetryableStatusesButNeverStreams() {
        PHOENIX.always(Behavior.error(503, "busy", "busy"));

        whole().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "elevenlabs");
        assertThat(calls(PHOENIX)).as("1 call + TTS_RETRY_MAX retries").isEqualTo(3);

        stream().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "elevenlabs");
        assertThat(calls(PHOENIX)).as("a stream is never retried").isEqualTo(4);
    }

    @Test
    void shouldRetryAPartWayResetOfWholeAudioAndSucceedOnTheSecondCall() {
        PHOENIX.then(Behavior.resetAfter(Duration.ofMillis(10), "half".getBytes()))
                .always(Behavior.audio("whole".getBytes()));

        byte[] body = whole().expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix")
                .expectHeader()
                .doesNotExist("X-TTS-Fallback-From")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();

        assertThat(new String(body)).isEqualTo("whole");
        assertThat(calls(PHOENIX)).isEqualTo(2);
    }

    @Test
    void shouldNotRetryOtherStatusesOrTimeouts() {
        for (Behavior once : new Behavior[] {
            Behavior.error(500, "internal", "x"), Behavior.error(401, "invalid_api_key", "x"), Behavior.hang()
        }) {
            PHOENIX.reset();
            PHOENIX.always(once);
            whole().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "elevenlabs");
            assertThat(calls(PHOENIX)).isEqualTo(1);
        }
        PHOENIX.reset();
        PHOENIX.always(Behavior.error(422, "invalid", "bad settings"));
        whole().expectStatus().isEqualTo(422);
        assertThat(calls(PHOENIX)).isEqualTo(1);
        assertThat(calls(ELEVENLABS)).isEqualTo(3);
    }

    @Test
    void shouldHonourAShortRetryAfterAndMoveOnAtOnceFromALongOne() {
        PHOENIX.always(Behavior.status(429, "{\"detail\":\"slow down\"}", Map.of("Retry-After", "1")));
        long start = System.nanoTime();

        whole().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "elevenlabs");

        assertThat(calls(PHOENIX)).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        PHOENIX.reset();
        PHOENIX.always(Behavior.status(503, "{}", Map.of("Retry-After", "30")));
        whole().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "elevenlabs");
        assertThat(calls(PHOENIX)).isEqualTo(1);
    }

    @Test
    void shouldFallBackOnAnIdleGapBeforeCommitAndAbortTheStreamAfter() {
        // The shared test timeouts: 1.5 s to the first byte and between chunks.
        PHOENIX.always(Behavior.chunks(Duration.ofMillis(2000), "a".getBytes(), "b".getBytes()));

        whole().expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-Reasons", "phoenix=timeout");
        int closedBefore = PHOENIX.closedConnections();
        StepVerifier.create(stream()
                        .expectStatus()
                        .isOk()
                        .returnResult(byte[].class)
                        .getResponseBody())
                .expectNextCount(1)
                .expectError()
                .verify(Duration.ofSeconds(5));
        // The gateway gave up on the provider's stream: its connection is closed, not left to finish.
        await().atMost(Duration.ofSeconds(3)).until(() -> PHOENIX.closedConnections() > closedBefore);
        assertThat(calls(ELEVENLABS)).as("never switched after bytes went out").isEqualTo(1);
    }

    @Test
    void shouldSkipElevenLabsAsCappedAfterQuotaExceededUntilItsCheckSucceeds(CapturedOutput output) {
        PHOENIX.always(Behavior.error(500, "internal", "x"));
        ELEVENLABS
                .always(Behavior.error(401, "quota_exceeded", "This request exceeds your quota."))
                .subscription(Behavior.status(200, "{\"character_count\":1000,\"character_limit\":1000}"));

        stream()
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("quota-exceeded")
                .jsonPath("$.attempts[1].tries")
                .isEqualTo(1);
        ready().jsonPath("$.components.elevenlabs.status").isEqualTo("CAPPED");
        await().atMost(Duration.ofSeconds(5)).until(() -> ELEVENLABS.subscriptionChecks() >= 2);
        stream()
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/upstream-failed")
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("quota-exceeded")
                .jsonPath("$.attempts[1].tries")
                .isEqualTo(0);
        assertThat(calls(ELEVENLABS)).isEqualTo(1);

        ELEVENLABS
                .always(Behavior.audio("paid".getBytes()))
                .subscription(Behavior.status(200, FakeProvider.SUBSCRIPTION_WITH_CHARACTERS));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> ready().jsonPath("$.components.elevenlabs.status").isEqualTo("UP"));
        stream().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "elevenlabs");
        assertThat(output.getOut()).doesNotContain("refused the gateway's credentials");
    }

    @Test
    void shouldMarkPhoenixDownAfterFailedProbesSkipItAndBringItBack() {
        PHOENIX.health(Behavior.status(500, "{}"));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> ready().jsonPath("$.components.phoenix.status").isEqualTo("DOWN"));
        stream()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs")
                .expectHeader()
                .valueEquals("X-TTS-Fallback-Reasons", "phoenix=down");
        assertThat(calls(PHOENIX)).isZero();
        assertThat(PHOENIX.healthChecks()).isGreaterThanOrEqualTo(3);

        PHOENIX.health(Behavior.status(200, "{}"));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> ready().jsonPath("$.components.phoenix.status").isEqualTo("UP"));
        stream().expectStatus().isOk().expectHeader().valueEquals("X-TTS-Provider", "phoenix");
    }

    @Test
    void shouldBeNotReadyWhenNoProviderIsUsable() {
        PHOENIX.health(Behavior.hang());
        ELEVENLABS.always(Behavior.error(401, "quota_exceeded", "spent")).subscription(Behavior.status(503, "{}"));
        PHOENIX.always(Behavior.error(500, "x", "x"));
        stream().expectStatus().isEqualTo(502);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> web.get()
                        .uri("/ready")
                        .exchange()
                        .expectStatus()
                        .isEqualTo(503)
                        .expectHeader()
                        .contentType("application/json")
                        .expectBody()
                        .jsonPath("$.status")
                        .isEqualTo("DOWN")
                        .jsonPath("$.components.phoenix.status")
                        .isEqualTo("DOWN")
                        .jsonPath("$.components.elevenlabs.status")
                        .isEqualTo("CAPPED")
                        .jsonPath("$.components.local.status")
                        .isEqualTo("DISABLED"));
        int phoenixCalls = calls(PHOENIX);
        stream()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/no-provider-available")
                .jsonPath("$.attempts[0].outcome")
                .isEqualTo("down")
                .jsonPath("$.attempts[0].tries")
                .isEqualTo(0)
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("quota-exceeded")
                .jsonPath("$.attempts[1].tries")
                .isEqualTo(0);
        assertThat(calls(PHOENIX)).isEqualTo(phoenixCalls);
    }

    private WebTestClient.ResponseSpec stream() {
        return post("/v1/tts/stream")
                .header("X-Request-Id", newId())
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange();
    }

    private WebTestClient.ResponseSpec whole() {
        return post("/v1/tts")
                .header("X-Request-Id", newId())
                .bodyValue("{\"text\":\"Hello\"}")
                .exchange();
    }

    /** Request ids this test sent: provider calls are counted by them, so no stray request elsewhere can count. */
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    private String newId() {
        String id = "resilience-" + UUID.randomUUID();
        ids.add(id);
        return id;
    }

    private int calls(FakeProvider provider) {
        return (int) provider.requests().stream()
                .filter(r -> ids.contains(r.headers().get("X-Request-Id")))
                .count();
    }

    /** Answers as a provider that took {@code time}, on the breaker's clock, before its first byte. */
    private static Behavior took(Duration time, Behavior then) {
        return response -> {
            CLOCK.advance(time);
            return then.respond(response);
        };
    }

    private WebTestClient.BodyContentSpec ready() {
        return web.get().uri("/ready").exchange().expectBody();
    }
}
