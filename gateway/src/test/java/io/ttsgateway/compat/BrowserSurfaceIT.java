package io.ttsgateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Stream tokens, the browser stream and CORS (API.md §2 "GET /v1/tts/stream"). */
class BrowserSurfaceIT extends GatewayHttpTest {

    @DynamicPropertySource
    static void cors(DynamicPropertyRegistry registry) {
        registry.add("gateway.clients.cors-origins", () -> "https://app.example.com");
    }

    @Test
    void shouldStreamToABrowserWithATokenBoundToTheClient() {
        JsonNode issued = token("{\"ttl_seconds\": 60}");
        assertThat(Instant.parse(issued.path("expires_at").asString()))
                .isBetween(Instant.now().plusSeconds(55), Instant.now().plusSeconds(61));

        web.get().uri(u -> u.path("/v1/tts/stream").queryParam("token", issued.path("token").asString())
                        .queryParam("text", "Hello browser").queryParam("voice_id", "narrator").build())
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("audio/mpeg")
                .expectHeader().valueEquals("X-TTS-Provider", "phoenix")
                .expectHeader().valueEquals("X-TTS-Characters", "13");
        assertThat(PHOENIX.requests().get(0).uri()).startsWith("/v1/text-to-speech/ph-narrator-1/stream");
        web.get().uri("/v1/usage").header("X-API-Key", TestClients.ALPHA_KEY).exchange()
                .expectBody().jsonPath("$.client_id").isEqualTo("alpha");
    }

    @Test
    void shouldRefuseForgedExpiredMissingTokensAndKeysInUrls() {
        String token = token("{}").path("token").asString();
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        for (String bad : new String[] {forged, TestClients.ALPHA_KEY, "garbage", "a.b"}) {
            browser("token=" + bad).expectStatus().isUnauthorized()
                    .expectHeader().valueEquals("WWW-Authenticate", "Bearer");
        }
        browser("").expectStatus().isUnauthorized();
        browser("key=" + TestClients.ALPHA_KEY).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("never accepted in a URL"));
        assertThat(PHOENIX.speechCalls()).as("nothing refused reached a provider").isZero();
        // Valid for a second: it works, then stops working.
        String shortLived = token("{\"ttl_seconds\": 1}").path("token").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(4))
                .untilAsserted(() -> browser("token=" + shortLived).expectStatus().isUnauthorized());
    }

    @Test
    void shouldRefuseBadTokenRequests() {
        for (String body : new String[] {"{\"ttl_seconds\": 0}", "{\"ttl_seconds\": 301}", "{\"ttl_seconds\": \"60\"}"}) {
            post("/v1/tts/tokens").bodyValue(body).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("ttl_seconds");
        }
        web.post().uri("/v1/tts/tokens").header("Content-Type", "application/json").bodyValue("{}").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void shouldAnswerPreflightsOnlyForConfiguredOrigins() {
        web.options().uri("/v1/tts/stream")
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
        web.options().uri("/v1/tts/stream")
                .header("Origin", "https://evil.example.org")
                .header("Access-Control-Request-Method", "POST")
                .exchange()
                .expectStatus().isForbidden();
        post("/v1/tts").header("Origin", "https://app.example.com").bodyValue("{\"text\":\"Hi\"}").exchange()
                .expectStatus().isOk()
                .expectHeader().value("Access-Control-Expose-Headers", h -> assertThat(h)
                        .contains("X-TTS-Provider", "X-TTS-Characters", "X-RateLimit-Reset", "X-Request-Id"));
    }

    private JsonNode token(String body) {
        return post("/v1/tts/tokens").bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec browser(String query) {
        return web.get().uri("/v1/tts/stream?text=Hi" + (query.isEmpty() ? "" : "&" + query)).exchange();
    }
}
