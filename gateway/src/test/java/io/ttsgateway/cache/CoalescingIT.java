package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.testing.FakeProvider.Behavior;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Identical requests in flight at once on one replica share one provider call (API.md §9 "Coalescing"): every caller
 * gets the same bytes from the start, late joiners included; the first caller leaving stops no one; a shared call
 * that fails before audio sends each waiter down the chain on its own; only the caller that called is charged.
 */
class CoalescingIT extends GatewayHttpTest {

    static final byte[][] CHUNKS = {"first-".getBytes(), "second-".getBytes(), "third".getBytes()};
    static final byte[] WHOLE = "first-second-third".getBytes();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cacheOn(DynamicPropertyRegistry registry) {
        registry.add("gateway.cache.mode", () -> "client");
    }

    /** One answer as a caller saw it. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String cache() {
            return headers.get("x-tts-cache");
        }
    }

    @RepeatedTest(5)
    void shouldMakeOneProviderCallForTwentyIdenticalRequestsAtOnce() {
        PHOENIX.always(Behavior.delayed(Duration.ofMillis(400), Behavior.chunks(Duration.ofMillis(50), CHUNKS)));
        String body = "{\"text\":\"Twenty at once " + System.nanoTime() + "\"}";

        List<Answer> answers = Flux.range(0, 20)
                .flatMap(i -> call(i % 2 == 0 ? "/v1/tts/stream" : "/v1/tts", body, TestClients.ALPHA_KEY), 20)
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        assertThat(answers).hasSize(20).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(WHOLE);
            assertThat(answer.headers().get("x-tts-provider")).isEqualTo("phoenix");
        });
        assertThat(answers).filteredOn(a -> "MISS".equals(a.cache())).hasSize(1);
        assertThat(answers).filteredOn(a -> !"MISS".equals(a.cache())).allSatisfy(a -> {
            assertThat(a.cache()).isIn("COALESCED", "HIT");
            assertThat(a.headers().get("x-tts-characters")).isEqualTo("0");
        });
        assertThat(answers).filteredOn(a -> "COALESCED".equals(a.cache())).isNotEmpty();
    }

    @Test
    void shouldGiveALateJoinerWhatHasArrivedThenTheRest() {
        PHOENIX.always(Behavior.chunks(Duration.ofMillis(400), CHUNKS));
        String body = "{\"text\":\"Late joiner\"}";
        List<byte[]> firstChunks = new CopyOnWriteArrayList<>();
        Mono<Answer> first = call("/v1/tts/stream", body, TestClients.ALPHA_KEY, firstChunks)
                .subscribeOn(Schedulers.boundedElastic())
                .cache();
        first.subscribe();
        await().until(() -> !firstChunks.isEmpty());

        Answer late = call("/v1/tts/stream", body, TestClients.ALPHA_KEY).block(Duration.ofSeconds(10));

        assertThat(late.cache()).isEqualTo("COALESCED");
        assertThat(late.body()).isEqualTo(WHOLE);
        assertThat(first.block(Duration.ofSeconds(10)).body()).isEqualTo(WHOLE);
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
    }

    @Test
    void shouldKeepStreamingToTheOthersWhenTheFirstCallerHangsUp() {
        PHOENIX.always(Behavior.chunks(Duration.ofMillis(300), CHUNKS));
        String body = "{\"text\":\"First one leaves\"}";
        List<byte[]> leaderChunks = new CopyOnWriteArrayList<>();
        var leader = call("/v1/tts/stream", body, TestClients.ALPHA_KEY, leaderChunks)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
        await().until(() -> !leaderChunks.isEmpty());
        Mono<Answer> other = call("/v1/tts/stream", body, TestClients.ALPHA_KEY)
                .subscribeOn(Schedulers.boundedElastic())
                .cache();
        other.subscribe();
        await().until(() -> PHOENIX.speechCalls() == 1);
        leader.dispose();

        Answer answer = other.block(Duration.ofSeconds(10));
        assertThat(answer.cache()).isEqualTo("COALESCED");
        assertThat(answer.body()).isEqualTo(WHOLE);
        // The call ran to its end and was stored.
        await().untilAsserted(() -> assertThat(call("/v1/tts", body, TestClients.ALPHA_KEY)
                        .block(Duration.ofSeconds(10))
                        .cache())
                .isEqualTo("HIT"));
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
    }

    @Test
    void shouldShareTheFallbackOfTheSharedCall() {
        PHOENIX.always(Behavior.delayed(Duration.ofMillis(300), Behavior.error(503, "busy", "busy")));
        ELEVENLABS.always(Behavior.audio(WHOLE));
        String body = "{\"text\":\"Shared fallback\"}";

        List<Answer> answers = atOnce(5, "/v1/tts/stream", body, TestClients.ALPHA_KEY);

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).isEqualTo(WHOLE);
            assertThat(a.headers().get("x-tts-provider")).isEqualTo("elevenlabs");
        });
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        assertThat(ELEVENLABS.speechCalls()).isEqualTo(1);
    }

    @Test
    void shouldSendEachWaiterDownTheChainOnItsOwnWhenTheSharedCallFailsBeforeAudio() {
        // Every provider fails before audio, after a while: the leader's answer is 502, and each waiter counts the
        // failed calls as its own attempts instead of calling them again: the same answer, no second call.
        PHOENIX.always(Behavior.delayed(Duration.ofMillis(300), Behavior.error(503, "busy", "busy")));
        ELEVENLABS.always(Behavior.delayed(Duration.ofMillis(300), Behavior.error(503, "busy", "busy")));
        String body = "{\"text\":\"Nobody can\"}";

        List<Answer> answers = atOnce(4, "/v1/tts/stream", body, TestClients.ALPHA_KEY);

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(502);
            assertThat(new String(a.body()))
                    .contains("\"provider\":\"phoenix\",\"outcome\":\"status:503\",\"tries\":1")
                    .contains("\"provider\":\"elevenlabs\",\"outcome\":\"status:503\",\"tries\":1");
        });
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        assertThat(ELEVENLABS.speechCalls()).isEqualTo(1);
    }

    @Test
    void shouldTakeEachCoalescedCallersConcurrencySlotAndChargeOnlyTheCaller() {
        PHOENIX.always(Behavior.delayed(Duration.ofMillis(500), Behavior.audio(WHOLE)));
        String body = "{\"text\":\"Ten chars.\"}";
        String key = TestClients.limited(3);

        List<Answer> answers = atOnce(3, "/v1/tts", body, key);

        // max-concurrent-streams is 2: the third identical request in flight is refused, coalesced or not.
        assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(2);
        assertThat(answers).filteredOn(a -> a.status() == 429).hasSize(1);
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        web.get()
                .uri("/v1/usage")
                .header("X-API-Key", key)
                .exchange()
                .expectBody()
                .jsonPath("$.budgets[0].used")
                .isEqualTo(10);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** {@code n} identical requests sent at once, and their answers. */
    List<Answer> atOnce(int n, String path, String body, String key) {
        return Flux.range(0, n)
                .flatMap(i -> call(path, body, key), n)
                .collectList()
                .block(Duration.ofSeconds(20));
    }

    Mono<Answer> call(String path, String body, String key) {
        return call(path, body, key, new CopyOnWriteArrayList<>());
    }

    /** One request; {@code chunks} receives the body's chunks as they arrive. */
    Mono<Answer> call(String path, String body, String key, List<byte[]> chunks) {
        return HttpClient.create()
                .baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("Authorization", "Bearer " + key).set("Content-Type", "application/json"))
                .post()
                .uri(path)
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .response((response, content) -> content.asByteArray()
                        .doOnNext(chunks::add)
                        .collectList()
                        .map(list ->
                                new Answer(response.status().code(), headers(response.responseHeaders()), join(list))))
                .next();
    }

    static byte[] join(List<byte[]> chunks) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static Map<String, String> headers(io.netty.handler.codec.http.HttpHeaders headers) {
        Map<String, String> map = new java.util.HashMap<>();
        headers.forEach(e -> map.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
        return map;
    }
}
