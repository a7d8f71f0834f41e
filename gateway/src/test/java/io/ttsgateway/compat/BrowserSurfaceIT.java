package io.ttsgateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSecrets;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stream tokens, the browser stream and CORS (API.md §2 "GET /v1/tts/stream"). */
class BrowserSurfaceIT extends GatewayHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @org.springframework.boot.test.web.server.LocalServerPort
    private int port;

    @DynamicPropertySource
    static void cors(DynamicPropertyRegistry registry) {
        registry.add("gateway.clients.cors-origins", () -> "https://app.example.com");
    }

    @Test
    void shouldStillTakeTheRequestFromTheQueryWithATokenIssuedWithoutOne() {
        JsonNode issued = token("{\"ttl_seconds\": 60}");
        assertThat(Instant.parse(issued.path("expires_at").asString()))
                .isBetween(Instant.now().plusSeconds(55), Instant.now().plusSeconds(61));

        web.get()
                .uri(u -> u.path("/v1/tts/stream")
                        .queryParam("token", issued.path("token").asString())
                        .queryParam("text", "Hello browser")
                        .queryParam("voice_id", "narrator")
                        .queryParam("language_code", "en")
                        .queryParam("seed", "42")
                        .build())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/mpeg")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix")
                .expectHeader()
                .valueEquals("X-TTS-Characters", "13");
        assertThat(PHOENIX.requests().get(0).uri()).startsWith("/v1/text-to-speech/ph-narrator-1/stream");
        JsonNode sent = JSON.readTree(PHOENIX.requests().get(0).body());
        assertThat(sent.path("text").asString()).isEqualTo("Hello browser");
        assertThat(sent.path("language_code").asString()).isEqualTo("en");
        assertThat(sent.path("seed").asLong()).isEqualTo(42);
        web.get()
                .uri("/v1/usage")
                .header("X-API-Key", TestClients.ALPHA_KEY)
                .exchange()
                .expectBody()
                .jsonPath("$.client_id")
                .isEqualTo("alpha");
    }

    @Test
    void shouldPlayExactlyTheBoundRequestWithNothingButTheToken() {
        String token = token("{\"ttl_seconds\": 60, \"text\": \"  " + TestSecrets.SPOKEN_TEXT + " \", "
                        + "\"voice_id\": \"narrator\", \"output_format\": \"mp3_44100_64\", \"language_code\": \"en\", "
                        + "\"model_id\": \"eleven_multilingual_v2\", "
                        + "\"voice_settings\": {\"stability\": 0.5, \"similarity_boost\": 0.75}}")
                .path("token")
                .asString();

        web.get()
                .uri(u -> u.path("/v1/tts/stream").queryParam("token", token).build())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("audio/mpeg")
                .expectHeader()
                .valueEquals("X-TTS-Provider", "phoenix")
                .expectHeader()
                .valueEquals("X-TTS-Characters", String.valueOf(TestSecrets.SPOKEN_TEXT.length()));

        assertThat(token).doesNotContain("12345678", "9999", "account").hasSizeLessThan(400);
        FakeProvider.Recorded call = PHOENIX.requests().get(0);
        assertThat(call.uri())
                .startsWith("/v1/text-to-speech/ph-narrator-1/stream")
                .contains("output_format=mp3_44100_64");
        JsonNode sent = JSON.readTree(call.body());
        assertThat(sent.path("text").asString()).isEqualTo(TestSecrets.SPOKEN_TEXT);
        assertThat(sent.path("language_code").asString()).isEqualTo("en");
        assertThat(sent.path("model_id").asString()).isEqualTo("eleven_multilingual_v2");
        assertThat(sent.path("voice_settings").path("stability").asDouble()).isEqualTo(0.5);
        assertThat(sent.path("voice_settings").path("similarity_boost").asDouble())
                .isEqualTo(0.75);
    }

    @Test
    void shouldRefuseABoundTokenGivenAnyOtherQueryParameterSoALeakedUrlOnlyReplaysItsOwnWords() {
        String token = token("{\"text\": \"Only these words.\"}").path("token").asString();

        for (String extra : new String[] {
            "&text=Transfer%20everything",
            "&voice_id=narrator",
            "&output_format=pcm_16000",
            "&ttl_seconds=300",
            "&utm_source=mail",
            "&token=" + token
        }) {
            raw("token=" + token + extra)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType("application/problem+json")
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("/problems/invalid-request")
                    .jsonPath("$.errors[0].field")
                    .isEqualTo(extra.substring(1, extra.indexOf('=')));
        }
        assertThat(PHOENIX.speechCalls())
                .as("nothing refused reached a provider")
                .isZero();

        raw("token=" + token).expectStatus().isOk().expectHeader().valueEquals("X-TTS-Characters", "17");
        assertThat(JSON.readTree(PHOENIX.requests().get(0).body()).path("text").asString())
                .isEqualTo("Only these words.");
    }

    @Test
    void shouldValidateTheBoundRequestWhenTheTokenIsIssued() {
        String cjk = new Random(7)
                .ints(5000, 0x4E00, 0x9FFF)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        String[][] cases = {
            {"{\"text\": \"   \"}", "text"},
            {"{\"voice_id\": \"narrator\"}", "text"},
            {"{\"text\": 5}", "text"},
            {"{\"text\": \"" + "a".repeat(5001) + "\"}", "text"},
            {"{\"text\": \"Hi\", \"output_format\": \"wav_16000\"}", "output_format"},
            {"{\"text\": \"Hi\", \"output_format\": \"flac\"}", "output_format"},
            {"{\"text\": \"Hi\", \"voice_id\": \"../admin\"}", "voice_id"},
            {"{\"text\": \"Hi\", \"voice_settings\": [1]}", "voice_settings"},
            {"{\"text\": \"Hi\", \"voice_settings\": {\"stability\": 1e999}}", "voice_settings"},
            {"{\"text\": \"Hi\", \"ttl_seconds\": 301}", "ttl_seconds"},
            {"[\"text\"]", "body"},
            {"{\"text\": \"" + cjk + "\"}", "body"}
        };

        for (String[] bad : cases) {
            post("/v1/tts/tokens")
                    .bodyValue(bad[0])
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo(bad[1]);
        }
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldChargeEachUseOfABoundToken() {
        String token = web.post()
                .uri("/v1/tts/tokens")
                .header("X-API-Key", TestClients.limited(1))
                .header("Content-Type", "application/json")
                .bodyValue("{\"text\": \"Twenty characters...\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("token")
                .asString();

        raw("token=" + token).expectStatus().isOk();
        raw("token=" + token).expectStatus().isOk();
        raw("token=" + token)
                .expectStatus()
                .isEqualTo(429)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("/problems/budget-exhausted");

        web.get()
                .uri("/v1/usage")
                .header("X-API-Key", TestClients.limited(1))
                .exchange()
                .expectBody()
                .jsonPath("$.budgets[?(@.window == 'day')].used")
                .isEqualTo(40);
        assertThat(PHOENIX.speechCalls()).isEqualTo(2);
    }

    @Test
    void shouldAnswerMalformedTokensWith401NeverA500() {
        String valid = token("{\"text\": \"Hi\"}").path("token").asString();

        for (String bad : new String[] {
            "",
            "%00",
            "AQ",
            valid.substring(0, valid.length() / 2),
            valid + "A",
            valid.replace('A', 'B'),
            "A".repeat(8100),
            "..",
            valid + "%2F"
        }) {
            raw("token=" + bad).expectStatus().isUnauthorized().expectHeader().contentType("application/problem+json");
        }
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldRefuseForgedExpiredMissingTokensAndKeysInUrls() {
        String token = token("{}").path("token").asString();
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        for (String bad : new String[] {forged, TestClients.ALPHA_KEY, "garbage", "a.b"}) {
            browser("token=" + bad)
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .valueEquals("WWW-Authenticate", "Bearer");
        }
        browser("").expectStatus().isUnauthorized();
        browser("key=" + TestClients.ALPHA_KEY)
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("never accepted in a URL"));
        assertThat(PHOENIX.speechCalls())
                .as("nothing refused reached a provider")
                .isZero();
        // Valid for a second: it works, then stops working.
        String shortLived = token("{\"ttl_seconds\": 1}").path("token").asString();
        Awaitility.await()
                .atMost(Duration.ofSeconds(4))
                .untilAsserted(
                        () -> browser("token=" + shortLived).expectStatus().isUnauthorized());
    }

    @Test
    void shouldRefuseBadTokenRequests() {
        for (String body :
                new String[] {"{\"ttl_seconds\": 0}", "{\"ttl_seconds\": 301}", "{\"ttl_seconds\": \"60\"}"}) {
            post("/v1/tts/tokens")
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("ttl_seconds");
        }
        web.post()
                .uri("/v1/tts/tokens")
                .header("Content-Type", "application/json")
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void shouldAnswerPreflightsOnlyForConfiguredOrigins() {
        web.options()
                .uri("/v1/tts/stream")
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type, Cache-Control")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Access-Control-Allow-Origin", "https://app.example.com")
                .expectHeader()
                .value("Access-Control-Allow-Headers", h -> assertThat(h).containsIgnoringCase("cache-control"));
        web.options()
                .uri("/v1/tts/stream")
                .header("Origin", "https://evil.example.org")
                .header("Access-Control-Request-Method", "POST")
                .exchange()
                .expectStatus()
                .isForbidden();
        post("/v1/tts")
                .header("Origin", "https://app.example.com")
                .bodyValue("{\"text\":\"Hi\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value(
                        "Access-Control-Expose-Headers",
                        h -> assertThat(h)
                                .contains(
                                        "X-TTS-Provider",
                                        "X-TTS-Characters",
                                        "X-TTS-Cache",
                                        "X-RateLimit-Reset",
                                        "X-Request-Id"));
    }

    private JsonNode token(String body) {
        return post("/v1/tts/tokens")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec browser(String query) {
        return web.get()
                .uri("/v1/tts/stream?text=Hi" + (query.isEmpty() ? "" : "&" + query))
                .exchange();
    }

    /** {@code GET /v1/tts/stream?query} with the query sent exactly as written, nothing encoded or added. */
    private WebTestClient.ResponseSpec raw(String query) {
        return web.get()
                .uri(URI.create("http://127.0.0.1:" + port + "/v1/tts/stream?" + query))
                .exchange();
    }
}
