package io.ttsgateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * API.md §4: a request sent to ElevenLabs that it did not answer with an error status is charged in full, to the
 * ElevenLabs windows and to the client's budget, so neither a hang-up nor a timeout makes paid characters free. Each
 * test spends its own {@code limited-N} client (50 characters a day, 20 on ElevenLabs a month). Phoenix fails first,
 * so every request reaches ElevenLabs.
 */
class ElevenLabsBillingIT extends GatewayHttpTest {

    private static final String TEXT = "0123456789";

    @LocalServerPort
    int port;

    @Test
    void shouldChargeACallerWhoHangsUpWhileElevenLabsIsSlowToItsFirstByte() {
        PHOENIX.always(Behavior.status(503, "{}"));
        ELEVENLABS.always(Behavior.slowFirstByte(Duration.ofMillis(1200), "late".getBytes()));
        WebClient client = WebClient.create("http://127.0.0.1:" + port);

        for (int i = 0; i < 2; i++) {
            client.post()
                    .uri("/v1/tts/stream")
                    .header("Authorization", "Bearer " + TestClients.limited(16))
                    .header("Content-Type", "application/json")
                    .bodyValue("{\"text\":\"" + TEXT + "\"}")
                    .retrieve()
                    .bodyToFlux(byte[].class)
                    .timeout(Duration.ofMillis(400))
                    .onErrorComplete()
                    .blockLast(Duration.ofSeconds(5));
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode usage = usage(16);
            assertThat(usage.at("/elevenlabs/used").asLong()).isEqualTo(20);
            assertThat(usage.at("/budgets/0/used").asLong()).isEqualTo(20);
        });
        assertThat(ELEVENLABS.speechCalls()).isEqualTo(2);
        // The ElevenLabs month of limited-16 is spent: a third request never reaches ElevenLabs.
        as(16, "/v1/tts/stream")
                .bodyValue("{\"text\":\"" + TEXT + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.attempts[1].outcome")
                .isEqualTo("cap:client-elevenlabs");
        assertThat(ELEVENLABS.speechCalls()).isEqualTo(2);
    }

    @Test
    void shouldChargeAFirstByteTimeoutAndAResetButRefundAnErrorStatus() {
        PHOENIX.always(Behavior.status(503, "{}"));

        ELEVENLABS.always(Behavior.hang());
        as(15, "/v1/tts/stream")
                .bodyValue("{\"text\":\"" + TEXT + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(504);
        assertThat(usage(15).at("/elevenlabs/used").asLong())
                .as("first-byte timeout")
                .isEqualTo(10);

        ELEVENLABS.always(Behavior.status(500, "{}"));
        as(15, "/v1/tts")
                .bodyValue("{\"text\":\"abc\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502);
        assertThat(usage(15).at("/elevenlabs/used").asLong())
                .as("500: refunded")
                .isEqualTo(10);
        assertThat(usage(15).at("/budgets/0/used").asLong()).isEqualTo(10);

        ELEVENLABS.always(Behavior.resetAfter(Duration.ofMillis(20), "part".getBytes()));
        int callsBefore = ELEVENLABS.speechCalls();
        as(15, "/v1/tts")
                .bodyValue("{\"text\":\"abcde\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502);
        assertThat(usage(15).at("/elevenlabs/used").asLong())
                .as("reset part-way, retried once: two calls ElevenLabs may bill; a third would pass the cap of 20")
                .isEqualTo(20);
        assertThat(ELEVENLABS.speechCalls() - callsBefore).isEqualTo(2);
        assertThat(usage(15).at("/budgets/0/used").asLong())
                .as("the client's budget counts the request once")
                .isEqualTo(15);
    }

    @Test
    void shouldCountARetryAfterAResetAsASecondPaidCall() {
        PHOENIX.always(Behavior.status(503, "{}"));
        AtomicInteger calls = new AtomicInteger();
        ELEVENLABS.always(response -> calls.incrementAndGet() == 1
                ? Behavior.resetAfter(Duration.ofMillis(20), "part".getBytes()).respond(response)
                : Behavior.audio("whole".getBytes()).respond(response));

        as(12, "/v1/tts")
                .bodyValue("{\"text\":\"" + TEXT + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Provider", "elevenlabs");

        assertThat(calls.get()).isEqualTo(2);
        assertThat(usage(12).at("/elevenlabs/used").asLong())
                .as("ElevenLabs may bill both calls")
                .isEqualTo(20);
        assertThat(usage(12).at("/budgets/0/used").asLong()).isEqualTo(10);
    }

    @Test
    void shouldNotRetryAPaidCallWhenTheCapHasNoRoomForASecondOne() {
        PHOENIX.always(Behavior.status(503, "{}"));
        ELEVENLABS.always(Behavior.resetAfter(Duration.ofMillis(20), "part".getBytes()));

        as(13, "/v1/tts")
                .bodyValue("{\"text\":\"0123456789abcde\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.attempts[1].provider")
                .isEqualTo("elevenlabs")
                .jsonPath("$.attempts[1].tries")
                .isEqualTo(1);

        assertThat(ELEVENLABS.speechCalls())
                .as("15 of 20 characters spent: no room for a retry")
                .isEqualTo(1);
        assertThat(usage(13).at("/elevenlabs/used").asLong()).isEqualTo(15);
        assertThat(usage(13).at("/budgets/0/used").asLong())
                .as("the call may be billed: the client pays for it")
                .isEqualTo(15);
    }

    @Test
    void shouldRefundARetryThatElevenLabsAnsweredWithAnErrorButKeepTheResetBeforeIt() {
        PHOENIX.always(Behavior.status(503, "{}"));
        AtomicInteger calls = new AtomicInteger();
        ELEVENLABS.always(response -> calls.incrementAndGet() == 1
                ? Behavior.resetAfter(Duration.ofMillis(20), "part".getBytes()).respond(response)
                : Behavior.status(500, "{}").respond(response));

        as(14, "/v1/tts")
                .bodyValue("{\"text\":\"" + TEXT + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(502);

        assertThat(calls.get())
                .as("a reset, then one retry answered 500 (not retried)")
                .isEqualTo(2);
        assertThat(usage(14).at("/elevenlabs/used").asLong())
                .as("the reset may be billed, the 500 is not")
                .isEqualTo(10);
        assertThat(usage(14).at("/budgets/0/used").asLong()).isEqualTo(10);
    }

    private WebTestClient.RequestBodySpec as(int client, String path) {
        return web.post()
                .uri(path)
                .header("Authorization", "Bearer " + TestClients.limited(client))
                .header("Content-Type", "application/json");
    }

    private JsonNode usage(int client) {
        return web.get()
                .uri("/v1/usage")
                .header("Authorization", "Bearer " + TestClients.limited(client))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}
