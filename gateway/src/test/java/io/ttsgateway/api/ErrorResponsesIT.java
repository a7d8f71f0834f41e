package io.ttsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.RawHttp;
import io.ttsgateway.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every error path of the foundation answers the contract's problem+json (API.md §2 "Errors"). */
@ExtendWith(OutputCaptureExtension.class)
class ErrorResponsesIT extends GatewayHttpTest {

    @LocalServerPort
    int port;

    @Test
    void shouldLogA400NotAServerErrorWhenTheServerCannotDecodeTheBody(CapturedOutput output) {
        byte[] request = RawHttp.request(
                "POST",
                "/v1/tts",
                List.of(
                        "Host: gateway",
                        "Authorization: Bearer " + TestClients.ALPHA_KEY,
                        "Content-Type: application/json",
                        "Transfer-Encoding: chunked",
                        "X-Request-Id: broken-chunk"),
                "zz\r\n{\"text\":\"a\"}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        RawHttp.Exchange exchange = RawHttp.send(port, request, 1, Duration.ofSeconds(5));

        assertThat(exchange.answers()).singleElement().satisfies(answer -> {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.closes()).isTrue();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> accessLine(output).isPresent());
        assertThat(accessLine(output))
                .hasValueSatisfying(
                        line -> assertThat(line).contains("\"status\":400").contains("\"outcome\":\"rejected\""));
        assertThat(output.getAll()).doesNotContain("500 Server Error").doesNotContain("already sent");
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    private static Optional<String> accessLine(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(line -> line.contains("\"request_id\":\"broken-chunk\""))
                .findFirst();
    }

    @Test
    void shouldAnswer401WithBearerChallengeWhenNoKeyIsSent() {
        problem(
                web.post()
                        .uri("/v1/tts")
                        .header("Content-Type", "application/json")
                        .bodyValue("{\"text\":\"a\"}")
                        .exchange()
                        .expectHeader()
                        .valueEquals("WWW-Authenticate", "Bearer"),
                401,
                "unauthenticated");
    }

    @Test
    void shouldAnswer401WhenTheKeyIsUnknown() {
        problem(
                web.post()
                        .uri("/v1/tts/stream")
                        .header("X-API-Key", "not-a-key")
                        .header("Content-Type", "application/json")
                        .bodyValue("{\"text\":\"a\"}")
                        .exchange(),
                401,
                "unauthenticated");
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldAcceptTheKeyInXApiKey() {
        web.post()
                .uri("/v1/tts")
                .header("X-API-Key", TestClients.BETA_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\":\"a\"}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void shouldAnswer415WhenTheBodyIsNotJson() {
        problem(
                web.post()
                        .uri("/v1/tts")
                        .header("Authorization", "Bearer " + TestClients.ALPHA_KEY)
                        .header("Content-Type", "text/plain")
                        .bodyValue("hello")
                        .exchange(),
                415,
                "unsupported-media-type");
    }

    @Test
    void shouldAnswer413WhenTheBodyIsOver64KiB() {
        String big = "{\"text\":\"" + "a".repeat(70 * 1024) + "\"}";

        problem(post("/v1/tts").bodyValue(big).exchange(), 413, "payload-too-large");
    }

    @Test
    void shouldAnswer400WhenTheJsonIsMalformed() {
        problem(post("/v1/tts").bodyValue("{\"text\": ").exchange(), 400, "invalid-request")
                .jsonPath("$.errors[0].field")
                .isEqualTo("body");
    }

    @Test
    void shouldAnswer400WithFieldErrorsWhenTextIsTooLong() {
        problem(
                        post("/v1/tts/stream")
                                .bodyValue("{\"text\":\"" + "a".repeat(5001) + "\"}")
                                .exchange(),
                        400,
                        "invalid-request")
                .jsonPath("$.errors[0].field")
                .isEqualTo("text")
                .jsonPath("$.errors[0].message")
                .isEqualTo("is 5001 characters; at most 5000 are allowed");
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldAnswer400WhenTheBodyIsEmpty() {
        problem(post("/v1/tts").exchange(), 400, "invalid-request");
    }

    @Test
    void shouldAnswerProblemJsonForUnknownPaths() {
        problem(post("/v1/nothing-here").bodyValue("{}").exchange(), 404, "not-found");
    }

    @Test
    void shouldCarryTheRequestIdOnErrors() {
        web.post()
                .uri("/v1/tts")
                .header("X-Request-Id", "trace-me.1")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("X-Request-Id", "trace-me.1")
                .expectBody()
                .jsonPath("$.request_id")
                .isEqualTo("trace-me.1");
    }

    private WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String slug) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType("application/problem+json")
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/" + slug)
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.title")
                .isNotEmpty()
                .jsonPath("$.detail")
                .isNotEmpty()
                .jsonPath("$.request_id")
                .isNotEmpty();
    }
}
