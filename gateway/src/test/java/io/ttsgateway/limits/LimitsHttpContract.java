package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * API.md §4 seen from a client, run once with limits in memory and once in Redis. Each test spends the limits of its
 * own client ({@code limited-N}: burst 3, 50 characters a day, 80 a month, 20 on ElevenLabs, 2 at once).
 */
abstract class LimitsHttpContract extends GatewayHttpTest {

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void shouldRefuseRequestsBeyondTheBurstCountingInvalidOnesToo() {
        long now = Instant.now().getEpochSecond();
        send(1, "{\"text\":\"\"}", "/v1/tts")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .valueEquals("X-RateLimit-Limit", "3")
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining", "2");
        send(1, "{\"text\":\"Hi\"}", "/v1/tts")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining", "1");
        String reset = send(1, "{\"text\":\"Hi\"}", "/v1/tts/stream")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining", "0")
                .returnResult(byte[].class)
                .getResponseHeaders()
                .getFirst("X-RateLimit-Reset");

        send(1, "{\"text\":\"Hi\"}", "/v1/tts")
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .valueEquals("Retry-After", "1")
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining", "0")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/rate-limited");
        assertThat(Long.parseLong(reset)).as("absolute Unix seconds").isBetween(now + 1, now + 10);
    }

    @Test
    void shouldSpendExactlyTheDailyBudgetAndRefuseOneCharacterMore() {
        send(2, "{\"text\":\"" + "a".repeat(30) + "\"}", "/v1/tts")
                .expectStatus()
                .isOk();
        send(2, "{\"text\":\"" + "b".repeat(20) + "\"}", "/v1/tts/stream")
                .expectStatus()
                .isOk();

        long toMidnight = LocalDate.now(ZoneOffset.UTC)
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toEpochSecond()
                - Instant.now().getEpochSecond();
        String retryAfter = send(2, "{\"text\":\"c\"}", "/v1/tts")
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/budget-exhausted")
                .returnResult()
                .getResponseHeaders()
                .getFirst("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(toMidnight - 5, toMidnight + 5);
        usage(2).jsonPath("$.budgets[0].window")
                .isEqualTo("day")
                .jsonPath("$.budgets[0].used")
                .isEqualTo(50)
                .jsonPath("$.budgets[0].limit")
                .isEqualTo(50)
                .jsonPath("$.budgets[1].window")
                .isEqualTo("month")
                .jsonPath("$.budgets[1].used")
                .isEqualTo(50)
                .jsonPath("$.budgets[1].limit")
                .isEqualTo(80);
    }

    @Test
    void shouldRefundWhenNoAudioReachedTheCaller() {
        PHOENIX.always(Behavior.error(500, "x", "x"));
        ELEVENLABS.always(Behavior.error(500, "x", "x"));

        send(3, "{\"text\":\"" + "a".repeat(40) + "\"}", "/v1/tts")
                .expectStatus()
                .isEqualTo(502);
        usage(3).jsonPath("$.budgets[0].used")
                .isEqualTo(0)
                .jsonPath("$.elevenlabs.used")
                .isEqualTo(0);
        // The slot is released when the server has finished the exchange, a moment after the caller has the answer.
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> usage(3).jsonPath("$.concurrent.active").isEqualTo(0));

        PHOENIX.always(Behavior.audio("ok".getBytes()));
        send(3, "{\"text\":\"" + "a".repeat(40) + "\"}", "/v1/tts")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Characters", "40");
        usage(3).jsonPath("$.budgets[0].used").isEqualTo(40);
    }

    @Test
    void shouldLimitConcurrentRequestsAndReleaseTheSlotWhenTheCallerLeaves() {
        PHOENIX.always(Behavior.endless(Duration.ofMillis(50)));
        var first = Flux.from(stream(4)).subscribe();
        var second = Flux.from(stream(4)).subscribe();
        await().atMost(Duration.ofSeconds(5)).until(() -> PHOENIX.speechCalls() == 2);

        send(4, "{\"text\":\"third\"}", "/v1/tts")
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .valueEquals("Retry-After", "1")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/too-many-streams");
        usage(4).jsonPath("$.concurrent.active")
                .isEqualTo(2)
                .jsonPath("$.concurrent.limit")
                .isEqualTo(2);

        first.dispose();
        second.dispose();
        PHOENIX.always(Behavior.audio("ok".getBytes()));
        // The slots come back when the callers go; the rate bucket refills one request a second meanwhile.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> send(4, "{\"text\":\"again\"}", "/v1/tts")
                        .expectStatus()
                        .isOk());
        usage(4).jsonPath("$.concurrent.active").isEqualTo(0);
    }

    @Test
    void shouldNameTheElevenLabsCapWhenItLeavesNoProvider() {
        breakers.circuitBreaker("phoenix").transitionToForcedOpenState();

        send(5, "{\"text\":\"" + "a".repeat(15) + "\"}", "/v1/tts")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs");
        send(5, "{\"text\":\"" + "a".repeat(10) + "\"}", "/v1/tts")
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .exists("Retry-After")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/no-provider-available")
                .jsonPath("$.attempts[0].outcome")
                .isEqualTo("breaker-open")
                .jsonPath("$.attempts[1].provider")
                .isEqualTo("elevenlabs")
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("cap:client-elevenlabs")
                .jsonPath("$.attempts[1].tries")
                .isEqualTo(0);

        assertThat(ELEVENLABS.speechCalls()).isEqualTo(1);
        usage(5).jsonPath("$.elevenlabs.used")
                .isEqualTo(15)
                .jsonPath("$.elevenlabs.limit")
                .isEqualTo(20)
                .jsonPath("$.budgets[0].used")
                .isEqualTo(15); // the refused request was refunded
    }

    @Test
    void shouldNeverCallElevenLabsForAClientNotAllowedToUseIt() {
        breakers.circuitBreaker("phoenix").transitionToForcedOpenState();

        web.post()
                .uri("/v1/tts/stream")
                .header("Authorization", "Bearer " + TestClients.BETA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"Hi\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("not-allowed");

        assertThat(ELEVENLABS.speechCalls()).isZero();
    }

    @Test
    void shouldRefundTheElevenLabsReservationWhenElevenLabsFails() {
        breakers.circuitBreaker("phoenix").transitionToForcedOpenState();
        ELEVENLABS.always(Behavior.error(500, "x", "x"));

        send(6, "{\"text\":\"" + "a".repeat(12) + "\"}", "/v1/tts/stream")
                .expectStatus()
                .isEqualTo(502);

        usage(6).jsonPath("$.elevenlabs.used")
                .isEqualTo(0)
                .jsonPath("$.elevenlabs.allowed")
                .isEqualTo(true);
    }

    @Test
    void shouldReportTheCallersOwnUsage() {
        send(7, "{\"text\":\"" + "a".repeat(12) + "\"}", "/v1/tts")
                .expectStatus()
                .isOk();

        usage(7).jsonPath("$.client_id")
                .isEqualTo("limited-7")
                .jsonPath("$.rate.limit")
                .isEqualTo(3)
                .jsonPath("$.rate.remaining")
                .isEqualTo(2)
                .jsonPath("$.rate.reset_at")
                .value(v -> assertThat(Instant.parse((String) v)).isAfter(Instant.now()))
                .jsonPath("$.budgets[0].used")
                .isEqualTo(12)
                .jsonPath("$.budgets[0].resets_at")
                .isEqualTo(LocalDate.now(ZoneOffset.UTC)
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .toString())
                .jsonPath("$.elevenlabs.allowed")
                .isEqualTo(true)
                .jsonPath("$.elevenlabs.used")
                .isEqualTo(0)
                .jsonPath("$.concurrent.limit")
                .isEqualTo(2);
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> usage(7).jsonPath("$.concurrent.active").isEqualTo(0));
        // Reading usage costs nothing: the rate is untouched by it.
        usage(7).jsonPath("$.rate.remaining").isEqualTo(2);
    }

    protected WebTestClient.ResponseSpec send(int client, String body, String path) {
        return web.post()
                .uri(path)
                .header("Authorization", "Bearer " + TestClients.limited(client))
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange();
    }

    private Flux<byte[]> stream(int client) {
        return web.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/v1/tts/stream")
                .header("Authorization", "Bearer " + TestClients.limited(client))
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"hold\"}")
                .exchange()
                .returnResult(byte[].class)
                .getResponseBody();
    }

    protected WebTestClient.BodyContentSpec usage(int client) {
        return web.get()
                .uri("/v1/usage")
                .header("X-API-Key", TestClients.limited(client))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }
}
