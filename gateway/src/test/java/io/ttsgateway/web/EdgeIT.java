package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.api.Route;
import io.ttsgateway.api.RouteTable;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.RawHttp;
import io.ttsgateway.testing.TestClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

/**
 * The one route table and the edge around it, from outside with raw paths (an HTTP client that sends a path exactly
 * as written): every route is guarded as its row says, every path spelling the router accepts is authenticated and
 * limited, and every other spelling is a 4xx problem, never a 500 and never an answer without a key.
 */
@ExtendWith(OutputCaptureExtension.class)
class EdgeIT extends GatewayHttpTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @Autowired
    RouteTable table;

    @Test
    void shouldListEverySynthesisRouteOfEverySurfaceAsLimited() {
        Set<String> synthesis = table.routes().stream()
                .filter(Route::synthesis)
                .map(r -> r.method() + " " + r.pattern())
                .collect(Collectors.toSet());

        assertThat(synthesis)
                .containsExactlyInAnyOrder(
                        "POST /v1/tts",
                        "POST /v1/tts/stream",
                        "POST /v1/text-to-speech/{voice_id}",
                        "POST /v1/text-to-speech/{voice_id}/stream",
                        "POST /v1/audio/speech",
                        "GET /v1/tts/stream",
                        "POST /v1/tts/with-timestamps",
                        "POST /v1/tts/stream/with-timestamps",
                        "POST /v1/text-to-speech/{voice_id}/with-timestamps",
                        "POST /v1/text-to-speech/{voice_id}/stream/with-timestamps",
                        "GET /v1/text-to-speech/{voice_id}/stream-input");
        assertThat(table.routes())
                .filteredOn(r -> r.pattern().startsWith("/v1/"))
                .allSatisfy(r -> assertThat(r.credentials()).isNotEqualTo(Route.Credentials.NONE));
    }

    @Test
    void shouldRefuseEveryApiRouteWithoutCredentials() throws Exception {
        for (Route route : table.routes()) {
            if (route.credentials() == Route.Credentials.NONE) {
                continue;
            }
            String path = route.pattern().replace("{voice_id}", "narrator");

            // A WebSocket may bring its key in its first message; a wrong one in the upgrade is still refused.
            Map<String, String> presented = route.credentials() == Route.Credentials.KEY_TOKEN_OR_FIRST_MESSAGE
                    ? Map.of("xi-api-key", "not-a-key")
                    : Map.of();
            HttpResponse<String> response = send(route.method(), path, presented, "{\"text\":\"Hi\"}");

            assertThat(response.statusCode()).as(route.method() + " " + path).isEqualTo(401);
            assertThat(response.headers().firstValue("X-Request-Id"))
                    .as("request id")
                    .isPresent();
        }
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldRefuseNonCanonicalSpellingsWith400WithoutAKeyAndWithOne() throws Exception {
        List<String> spellings = List.of(
                "/v1/tts;x",
                "/v1/tts/stream;x",
                "/v1;/voices",
                "/v1;/usage",
                "/v1%2ftts",
                "/v1/%2e%2e/v1/tts",
                "//v1/tts",
                "/v1//tts",
                "/v1/text-to-speech/narrator;a=b/stream");
        for (String path : spellings) {
            for (Map<String, String> headers :
                    List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer " + TestClients.ALPHA_KEY))) {
                HttpMethod method =
                        path.contains("voices") || path.contains("usage") ? HttpMethod.GET : HttpMethod.POST;

                HttpResponse<String> response = send(method, path, headers, "{\"text\":\"Hi\"}");

                assertThat(response.statusCode())
                        .as(path + " " + headers.keySet())
                        .isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.body())
                        .contains("/problems/invalid-request")
                        .doesNotContain("Exception");
            }
        }
        assertThat(PHOENIX.speechCalls()).isZero();
    }

    @Test
    void shouldAuthenticateAndLimitAnEncodedSpellingTheRouterAccepts() throws Exception {
        String limited = "Bearer " + TestClients.limited(19);
        for (int i = 3; i > 0; i--) {
            HttpResponse<String> response =
                    send(HttpMethod.POST, "/v1/t%74s", Map.of("Authorization", limited), "{\"text\":\"Hi\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(i - 1));
        }

        assertThat(send(HttpMethod.POST, "/v1/t%74s", Map.of("Authorization", limited), "{\"text\":\"Hi\"}")
                        .statusCode())
                .as("the fourth request of a burst of 3")
                .isEqualTo(429);
        assertThat(send(HttpMethod.POST, "/v1/t%74s", Map.of(), "{\"text\":\"Hi\"}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/v1/v%6fices", Map.of(), null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void shouldTagMetricsWithTheRouteTemplateWhateverTheSpelling() throws Exception {
        send(
                HttpMethod.POST,
                "/v1/text-to-speech/n%61rrator",
                Map.of("xi-api-key", TestClients.ALPHA_KEY),
                "{\"text\":\"Hi\"}");

        String metrics = web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics)
                .contains("endpoint=\"/v1/text-to-speech/{voice_id}\"")
                .doesNotContain("n%61rrator")
                .doesNotContain("endpoint=\"/v1/text-to-speech/narrator\"");
    }

    @Test
    void shouldAnswerUnknownApiPathsWith404Problems() throws Exception {
        HttpResponse<String> response = send(HttpMethod.GET, "/v1/nothing", Map.of(), null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("/problems/not-found");
    }

    @Test
    void shouldSendNosniffOnEveryAnswerAndAStrictPolicyWithThePage() throws Exception {
        for (String path : List.of("/", "/health", "/v1/voices", "/v1/nothing", "/v1/tts;x")) {
            HttpResponse<String> response = send(HttpMethod.GET, path, Map.of(), null);

            assertThat(response.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
        }
        HttpResponse<String> page = send(HttpMethod.GET, "/", Map.of(), null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("script-src 'self'")
                        .contains("frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).doesNotContain("<script>").contains("<script src=\"app.js\">");
    }

    @Test
    void shouldAnswerMalformedContentTypesWith415NotA500() throws Exception {
        for (String type : List.of("application/json; charset=x-bogus", "application/json;;;===", ";;;", "/")) {
            HttpResponse<String> response = send(
                    HttpMethod.POST,
                    "/v1/tts",
                    Map.of("Authorization", "Bearer " + TestClients.ALPHA_KEY, "Content-Type", type),
                    "{\"text\":\"Hi\"}");

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(response.body()).as(type).contains("/problems/unsupported-media-type");
        }
    }

    @Test
    void shouldLogRequestsTheServerCannotDecodeWithoutAnythingTheCallerWrote(CapturedOutput output) {
        String words = "my-pin-is-4321";
        List<byte[]> malformed = List.of(
                RawHttp.request("GET", "/v1/voices?text=" + words + " x", List.of("Host: gateway"), new byte[0]),
                RawHttp.request("GET", "/v1/" + words, List.of("Host: gateway", "X-" + words + " : v"), new byte[0]));

        for (byte[] request : malformed) {
            RawHttp.Exchange exchange = RawHttp.send(port, request, 1, Duration.ofSeconds(5));

            assertThat(exchange.answers()).singleElement().satisfies(answer -> {
                assertThat(answer.status()).isEqualTo(400);
                assertThat(answer.closes()).isTrue();
            });
        }

        await().atMost(Duration.ofSeconds(5))
                .until(() -> output.getAll().split("Decoding failed", -1).length > malformed.size());
        assertThat(output.getAll())
                .contains("Decoding failed: FULL_REQUEST(failure: java.lang.IllegalArgumentException)")
                .doesNotContainIgnoringCase(words);
    }

    private HttpResponse<String> send(HttpMethod method, String rawPath, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method.name(),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
