package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audio cache and coalescing on one replica with the in-memory store (API.md §9), against fake providers that
 * count their calls: say it once, pay once, and never serve what was not a complete answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheIT extends GatewayHttpTest {

    /** burst 3, 50 characters a day, 2 concurrent requests. */
    static final String COUNTED_KEY = TestClients.limited(1);

    static final String OPTED_OUT_KEY = TestClients.UNCACHED_KEY;
    static final byte[] AUDIO = "ID3-cached-audio".getBytes();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cacheOn(DynamicPropertyRegistry registry) {
        registry.add("gateway.cache.mode", () -> "client");
        registry.add("gateway.cache.max-entry", () -> "64KB");
    }

    @Test
    void shouldCallTheProviderOnceForTheSameSentenceAskedAThousandTimes() {
        PHOENIX.always(Behavior.audio(AUDIO));
        String body = "{\"text\":\"Welcome back. How can I help you today?\"}";
        // Client beta is used by no other test of this class: its counters are this test's alone.
        Map<String, String> beta = Map.of("Authorization", "Bearer " + TestClients.BETA_KEY);

        EntityExchangeResult<byte[]> first = whole("/v1/tts", body, beta);
        assertThat(first.getResponseHeaders().getFirst("X-TTS-Cache")).isEqualTo("MISS");
        assertThat(first.getResponseHeaders().getFirst("X-TTS-Characters")).isEqualTo("39");
        for (int i = 0; i < 999; i++) {
            EntityExchangeResult<byte[]> again = whole("/v1/tts", body, beta);
            assertThat(again.getResponseHeaders().getFirst("X-TTS-Cache")).isEqualTo("HIT");
            assertThat(again.getResponseHeaders().getFirst("X-TTS-Characters")).isEqualTo("0");
            assertThat(again.getResponseHeaders().getFirst("X-TTS-Provider")).isEqualTo("phoenix");
            assertThat(again.getResponseHeaders().getContentLength()).isEqualTo(AUDIO.length);
            assertThat(again.getResponseBody()).isEqualTo(AUDIO);
        }
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        assertThat(ELEVENLABS.speechCalls()).isZero();
        await().untilAsserted(() -> assertThat(metric("tts_characters_total{client=\"beta\",provider=\"phoenix\"}"))
                .isEqualTo(39));
        assertThat(metric("tts_cache_requests_total{result=\"hit\"}")).isGreaterThanOrEqualTo(999);
        assertThat(metric("tts_cache_bytes")).isGreaterThanOrEqualTo(AUDIO.length);
    }

    @Test
    void shouldShareOneEntryAcrossEndpointsAndSurfacesAndStreamHitsInChunks() {
        byte[] big = new byte[40_000];
        Arrays.fill(big, (byte) 7);
        PHOENIX.always(Behavior.audio(big));

        EntityExchangeResult<byte[]> made = whole("/v1/tts/stream", "{\"text\":\"Across every surface\"}", Map.of());
        assertThat(made.getResponseHeaders().getFirst("X-TTS-Cache")).isEqualTo("MISS");
        // The ElevenLabs surface names the default voice (narrator in config/voices.yml) and format explicitly.
        EntityExchangeResult<byte[]> native_ = whole("/v1/tts", "{\"text\":\"Across every surface\"}", Map.of());
        EntityExchangeResult<byte[]> elevenLabs = whole(
                "/v1/text-to-speech/narrator/stream?output_format=mp3_44100_128",
                "{\"text\":\"Across every surface\"}",
                Map.of());
        assertThat(native_.getResponseHeaders().getFirst("X-TTS-Cache")).isEqualTo("HIT");
        assertThat(elevenLabs.getResponseHeaders().getFirst("X-TTS-Cache")).isEqualTo("HIT");
        assertThat(native_.getResponseBody()).isEqualTo(big);
        assertThat(elevenLabs.getResponseBody()).isEqualTo(big);
        // OpenAI's shape: input, voice, response_format mp3 = mp3_44100_128; its model is not part of the key.
        EntityExchangeResult<byte[]> openAi = whole(
                "/v1/audio/speech",
                "{\"model\":\"tts-1-hd\",\"input\":\"Across every surface\",\"voice\":\"narrator\","
                        + "\"response_format\":\"mp3\"}",
                Map.of());
        assertThat(header(openAi)).isEqualTo("HIT");
        assertThat(openAi.getResponseBody()).isEqualTo(big);
        // A browser's stream token bound to the same request.
        String token = post("/v1/tts/tokens")
                .bodyValue("{\"text\":\"Across every surface\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("token")
                .asString();
        web.get()
                .uri(u -> u.path("/v1/tts/stream").queryParam("token", token).build())
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-TTS-Cache", "HIT")
                .expectBody(byte[].class)
                .isEqualTo(big);
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);

        // Streamed hits come in chunks, not as one 40 kB piece.
        List<byte[]> chunks = client(TestClients.ALPHA_KEY, Map.of())
                .post()
                .uri("/v1/tts/stream")
                .send(ByteBufFlux.fromString(Mono.just("{\"text\":\"Across every surface\"}")))
                .responseContent()
                .asByteArray()
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks.stream().mapToInt(c -> c.length).sum()).isEqualTo(big.length);
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
    }

    @Test
    void shouldKeepAnswersWithTimestampsApartFromAudioAloneAndShareThemBetweenWholeAndStream() {
        PHOENIX.always(Behavior.audio(AUDIO));
        whole("/v1/tts", "{\"text\":\"With or without\"}", Map.of());
        String timed = "{\"audio_base64\":\"" + java.util.Base64.getEncoder().encodeToString(AUDIO)
                + "\",\"alignment\":{\"characters\":[\"W\"],\"character_start_times_seconds\":[0],"
                + "\"character_end_times_seconds\":[0.1]}}";
        PHOENIX.always(response -> response.header("Content-Type", "application/json")
                .sendString(reactor.core.publisher.Mono.just(timed)));

        assertThat(header(whole("/v1/tts/with-timestamps", "{\"text\":\"With or without\"}", Map.of())))
                .isEqualTo("MISS");
        assertThat(header(whole("/v1/tts/with-timestamps", "{\"text\":\"With or without\"}", Map.of())))
                .isEqualTo("HIT");
        // The stored whole answer serves the stream too: one line.
        EntityExchangeResult<byte[]> streamed =
                whole("/v1/tts/stream/with-timestamps", "{\"text\":\"With or without\"}", Map.of());
        assertThat(header(streamed)).isEqualTo("HIT");
        assertThat(new String(streamed.getResponseBody()).lines()).hasSize(1);
        // A provider's pretty-printed whole answer is stored as lines: a stream served from it works.
        String pretty =
                "{\n  \"audio_base64\": \"" + java.util.Base64.getEncoder().encodeToString(AUDIO)
                        + "\",\n  \"alignment\": {\n    \"characters\": [\"P\"],\n    \"character_start_times_seconds\": [0],\n"
                        + "    \"character_end_times_seconds\": [0.1]\n  }\n}\n";
        PHOENIX.always(response -> response.header("Content-Type", "application/json")
                .sendString(reactor.core.publisher.Mono.just(pretty)));
        whole("/v1/tts/with-timestamps", "{\"text\":\"Pretty\"}", Map.of());
        EntityExchangeResult<byte[]> fromPretty =
                whole("/v1/tts/stream/with-timestamps", "{\"text\":\"Pretty\"}", Map.of());
        assertThat(header(fromPretty)).isEqualTo("HIT");
        assertThat(new String(fromPretty.getResponseBody()).lines()).hasSize(1);
        // Visemes are part of the key (API.md §9).
        assertThat(header(whole(
                        "/v1/tts/with-timestamps", "{\"text\":\"With or without\",\"visemes\":\"oculus\"}", Map.of())))
                .isEqualTo("MISS");
        assertThat(PHOENIX.speechCalls()).isEqualTo(4);
    }

    @Test
    void shouldKeyEveryOptionThatChangesTheAudio() {
        PHOENIX.always(Behavior.audio(AUDIO));
        whole("/v1/tts", "{\"text\":\"Options\"}", Map.of());
        whole("/v1/tts", "{\"text\":\" Options \\n\"}", Map.of());
        whole("/v1/tts", "{\"text\":\"Options\",\"seed\":1}", Map.of());
        whole("/v1/tts", "{\"text\":\"Options\",\"voice_settings\":{\"speed\":1.1}}", Map.of());
        whole("/v1/tts", "{\"text\":\"options\"}", Map.of());
        whole("/v1/tts", "{\"text\":\"Options\",\"output_format\":\"pcm_16000\"}", Map.of());
        assertThat(PHOENIX.speechCalls()).isEqualTo(5);
        whole("/v1/tts", "{\"text\":\"Options\",\"voice_settings\":{\"speed\":1.10}}", Map.of());
        assertThat(PHOENIX.speechCalls()).isEqualTo(5);
    }

    @Test
    void shouldHonourCacheControlAndTheClientsOptOut() {
        PHOENIX.always(Behavior.audio(AUDIO));
        String body = "{\"text\":\"Cache control\"}";

        assertThat(header(whole("/v1/tts", body, Map.of("Cache-Control", "no-store"))))
                .isEqualTo("BYPASS");
        assertThat(header(whole("/v1/tts", body, Map.of("Cache-Control", "no-store"))))
                .isEqualTo("BYPASS");
        assertThat(PHOENIX.speechCalls()).isEqualTo(2);
        // no-store stored nothing: the next plain request is a miss, and stores.
        assertThat(header(whole("/v1/tts", body, Map.of()))).isEqualTo("MISS");
        assertThat(header(whole("/v1/tts", body, Map.of()))).isEqualTo("HIT");
        assertThat(PHOENIX.speechCalls()).isEqualTo(3);
        // no-cache: fresh audio, then stored for the next one.
        PHOENIX.always(Behavior.audio("fresh".getBytes()));
        EntityExchangeResult<byte[]> fresh = whole("/v1/tts", body, Map.of("Cache-Control", "max-age=0, No-Cache"));
        assertThat(header(fresh)).isEqualTo("BYPASS");
        assertThat(fresh.getResponseBody()).isEqualTo("fresh".getBytes());
        assertThat(PHOENIX.speechCalls()).isEqualTo(4);
        await().untilAsserted(() ->
                assertThat(whole("/v1/tts", body, Map.of()).getResponseBody()).isEqualTo("fresh".getBytes()));
        assertThat(PHOENIX.speechCalls()).isEqualTo(4);

        // A client with cache: false never reads nor stores.
        for (int i = 0; i < 3; i++) {
            assertThat(header(wholeAs(OPTED_OUT_KEY, body))).isEqualTo("BYPASS");
        }
        assertThat(PHOENIX.speechCalls()).isEqualTo(7);
    }

    @Test
    void shouldKeepEachClientsEntriesItsOwnUnderClientScope() {
        PHOENIX.always(Behavior.audio(AUDIO));
        String body = "{\"text\":\"Mine\"}";
        whole("/v1/tts", body, Map.of());
        assertThat(header(wholeAs(TestClients.limited(2), body))).isEqualTo("MISS");
        assertThat(PHOENIX.speechCalls()).isEqualTo(2);
    }

    @Test
    void shouldChargeHitsNothingButStillCountThemAgainstTheRate() {
        PHOENIX.always(Behavior.audio(AUDIO));
        String thirty = "{\"text\":\"" + "a".repeat(30) + "\"}";
        assertThat(header(wholeAs(COUNTED_KEY, thirty))).isEqualTo("MISS");
        assertThat(header(wholeAs(COUNTED_KEY, thirty))).isEqualTo("HIT");
        // 30 + 20 fits the day's 50 only because the hit cost nothing.
        counted("{\"text\":\"" + "b".repeat(20) + "\"}").expectStatus().isOk();
        web.get()
                .uri("/v1/usage")
                .header("X-API-Key", COUNTED_KEY)
                .exchange()
                .expectBody()
                .jsonPath("$.budgets[0].used")
                .isEqualTo(50);
        // The burst of 3 is spent (one token back per second): hits are rate-limited all the same.
        boolean limited = false;
        for (int i = 0; i < 5 && !limited; i++) {
            limited = counted(thirty).returnResult(byte[].class).getStatus().value() == 429;
        }
        assertThat(limited).isTrue();
        assertThat(PHOENIX.speechCalls()).isEqualTo(2);
    }

    @Test
    void shouldStoreNothingFromAStreamThatBrokeOrThatItsOnlyCallerLeft() {
        PHOENIX.always(Behavior.resetAfter(Duration.ofMillis(50), new byte[] {1}, new byte[] {2}));
        String body = "{\"text\":\"Broken\"}";
        Flux<byte[]> broken = client(TestClients.ALPHA_KEY, Map.of())
                .post()
                .uri("/v1/tts/stream")
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .responseContent()
                .asByteArray();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        broken.doOnError(failure::set).onErrorComplete().blockLast(Duration.ofSeconds(10));
        assertThat(failure.get()).isNotNull();

        // The only caller leaves mid-stream: the call is cancelled, nothing is stored.
        PHOENIX.always(Behavior.endless(Duration.ofMillis(50)));
        String left = "{\"text\":\"Left\"}";
        client(TestClients.ALPHA_KEY, Map.of())
                .post()
                .uri("/v1/tts/stream")
                .send(ByteBufFlux.fromString(Mono.just(left)))
                .responseContent()
                .asByteArray()
                .take(2)
                .blockLast(Duration.ofSeconds(10));
        await().until(() -> PHOENIX.closedConnections() >= 1);

        PHOENIX.always(Behavior.audio(AUDIO));
        assertThat(header(whole("/v1/tts/stream", body, Map.of()))).isEqualTo("MISS");
        assertThat(header(whole("/v1/tts/stream", left, Map.of()))).isEqualTo("MISS");
        assertThat(PHOENIX.speechCalls()).isEqualTo(4);
    }

    @Test
    void shouldNeverStoreAnEntryOverTheLimit() {
        PHOENIX.always(Behavior.audio(new byte[70_000]));
        String body = "{\"text\":\"Too big to keep\"}";
        assertThat(header(whole("/v1/tts", body, Map.of()))).isEqualTo("MISS");
        assertThat(header(whole("/v1/tts", body, Map.of()))).isEqualTo("MISS");
        assertThat(PHOENIX.speechCalls()).isEqualTo(2);
    }

    @Test
    void shouldLogHowTheCacheTookPartWithoutTheText(CapturedOutput output) {
        PHOENIX.always(Behavior.audio(AUDIO));
        String body = "{\"text\":\"A logged sentence\"}";
        whole("/v1/tts", body, Map.of("X-Request-Id", "cache-miss"));
        // A request right after the answer finds the entry, or the ended call's audio being stored: a hit either way.
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        await().until(() -> "HIT"
                .equals(header(
                        whole("/v1/tts", body, Map.of("X-Request-Id", "cache-hit-" + tries.incrementAndGet())))));
        String hitId = "cache-hit-" + tries.get();
        await().untilAsserted(() -> assertThat(accessLine(output, hitId)).isNotNull());
        JsonNode hit = accessLine(output, hitId);
        assertThat(hit.path("cache").asString()).isEqualTo("hit");
        assertThat(hit.path("provider").asString()).isEqualTo("phoenix");
        assertThat(hit.path("outcome").asString()).isEqualTo("ok");
        assertThat(accessLine(output, "cache-miss").path("cache").asString()).isEqualTo("miss");
        assertThat(output.getOut()).doesNotContain("A logged sentence");
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    EntityExchangeResult<byte[]> whole(String path, String body, Map<String, String> headers) {
        return post(path)
                .headers(h -> headers.forEach(h::set))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult();
    }

    /** {@code POST /v1/tts} as the client with this key, answered 200. */
    EntityExchangeResult<byte[]> wholeAs(String key, String body) {
        return as(key, body).expectStatus().isOk().expectBody(byte[].class).returnResult();
    }

    org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec counted(String body) {
        return as(COUNTED_KEY, body);
    }

    org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec as(String key, String body) {
        return web.post()
                .uri("/v1/tts")
                .header("X-API-Key", key)
                .header("Content-Type", "application/json")
                .bodyValue(body)
                .exchange();
    }

    static String header(EntityExchangeResult<?> result) {
        return result.getResponseHeaders().getFirst("X-TTS-Cache");
    }

    HttpClient client(String key, Map<String, String> headers) {
        return HttpClient.create().baseUrl("http://127.0.0.1:" + port).headers(h -> {
            h.set("Authorization", "Bearer " + key).set("Content-Type", "application/json");
            headers.forEach(h::set);
        });
    }

    static JsonNode accessLine(CapturedOutput output, String requestId) {
        JsonMapper json = JsonMapper.builder().build();
        return Arrays.stream(output.getOut().split("\n"))
                .filter(l -> l.startsWith("{\"request_id\":\"" + requestId + "\""))
                .map(json::readTree)
                .findFirst()
                .orElse(null);
    }

    static <T> Function<T, T> same() {
        return Function.identity();
    }
}
