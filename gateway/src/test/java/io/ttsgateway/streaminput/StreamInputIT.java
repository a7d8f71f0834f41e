package io.ttsgateway.streaminput;

import static io.ttsgateway.testing.FakeTimestamps.chunk;
import static io.ttsgateway.testing.FakeTimestamps.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.ttsgateway.observability.TextHash;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.FakeTimestamps;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * ElevenLabs' WebSocket (API.md §8) through the whole gateway, in front of fake providers that speak whatever text
 * they are sent, in two timestamped lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamInputIT extends ConversationTest {

    @Test
    void shouldSpeakEverySegmentAndEndWithIsFinalAndANormalClose() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        String sent = "Hello there, this is the first sentence. And here comes the second one! Last words";
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[20]}}");
            for (String word : sent.split(" ")) {
                socket.send("{\"text\":\"" + word + " \"}");
            }
            socket.send("{\"text\":\"\"}");

            List<JsonNode> messages = drain(socket);
            JsonNode last = messages.get(messages.size() - 1);
            assertThat(last.path("isFinal").asBoolean()).isTrue();
            assertThat(last.get("audio").isNull()).isTrue();
            List<JsonNode> audio = messages.subList(0, messages.size() - 1);
            assertThat(audio).hasSize(6).allSatisfy(message -> {
                assertThat(message.get("audio").asString()).isNotEmpty();
                assertThat(message.get("isFinal").isNull()).isTrue();
                JsonNode alignment = message.get("alignment");
                assertThat(alignment.get("chars").size())
                        .isEqualTo(alignment.get("charStartTimesMs").size())
                        .isEqualTo(alignment.get("charDurationsMs").size());
                // Relative to the chunk's own audio, as ElevenLabs sends them.
                assertThat(alignment.get("charStartTimesMs").get(0).asInt()).isZero();
            });
            assertThat(spoken(audio).replaceAll("\\s", "")).isEqualTo(sent.replaceAll("\\s", ""));
            assertThat(socket.closed(WAIT)).isEqualTo(new TestSocket.Closed(1000, ""));
        }
        assertThat(PHOENIX.requests())
                .extracting(FakeProvider.Recorded::uri)
                .allSatisfy(uri -> assertThat(uri).contains("/stream/with-timestamps"));
        assertThat(PHOENIX.requests())
                .extracting(r -> JSON.readTree(r.body()).path("text").asString())
                .containsExactly(
                        "Hello there, this is the first sentence.", "And here comes the second one!", "Last words");
        assertThat(JSON.readTree(PHOENIX.requests().get(1).body())
                        .path("previous_text")
                        .asString())
                .isEqualTo("Hello there, this is the first sentence.");
    }

    @Test
    void shouldSendTheFirstAudioBeforeTheRestOfTheTextIsWritten() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[10]}}");
            socket.send("{\"text\":\"The first sentence is here. \"}");

            String first = socket.next(WAIT);
            assertThat(first).as("audio before any more text was sent").isNotNull();
            assertThat(JSON.readTree(first).path("audio").asString()).isNotEmpty();

            socket.send("{\"text\":\"Then the rest.\"}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> rest = drain(socket);
            assertThat(spoken(rest).replaceAll("\\s", ""))
                    .isEqualTo(
                            JSON.readTree(first).path("alignment").path("chars").size() > 0
                                    ? spoken(rest).replaceAll("\\s", "")
                                    : "");
            assertThat(rest.get(rest.size() - 1).path("isFinal").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldRefuseAWrongKeyBeforeTheUpgrade() {
        assertRefused(() -> TestSocket.open(uri(""), Map.of("xi-api-key", "not-a-key")), 401);
        assertRefused(() -> TestSocket.open(uri("?xi_api_key=" + TestClients.ALPHA_KEY), Map.of()), 401);
        assertRefused(() -> TestSocket.open(uri("?inactivity_timeout=181"), Map.of()), 400);
        assertRefused(() -> TestSocket.open(uri("?inactivity_timeout=0"), Map.of()), 400);
        // LiveKit's plugin asks for 300 unless told otherwise (the README says to set 180).
        assertRefused(() -> TestSocket.open(uri("?inactivity_timeout=300"), Map.of()), 400);
    }

    @Test
    void shouldTakeTheKeyFromTheFirstMessage() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = TestSocket.open(uri(""), Map.of())) {
            socket.send("{\"text\":\" \",\"xi_api_key\":\"" + TestClients.ALPHA_KEY + "\"}");
            socket.send("{\"text\":\"Hi there.\"}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> messages = drain(socket);
            assertThat(spoken(messages)).isEqualTo("Hi there.");
            assertThat(socket.closed(WAIT).code()).isEqualTo(1000);
        }
        try (TestSocket socket = TestSocket.open(uri(""), Map.of())) {
            socket.send("{\"text\":\" \",\"xi_api_key\":\"wrong\"}");
            JsonNode error = JSON.readTree(socket.next(WAIT));
            assertThat(error.path("error").asString()).isEqualTo("unauthenticated");
            assertThat(socket.closed(WAIT).code()).isEqualTo(1008);
        }
    }

    @Test
    void shouldFallBackBeforeASegmentsAudioAndStayWithTheProviderThatServedIt() {
        PHOENIX.then(FakeProvider.Behavior.status(503, "busy")).alwaysFromBody(FakeTimestamps::speaking);
        ELEVENLABS.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[5]}}");
            socket.send("{\"text\":\"First one here. \"}");
            assertThat(socket.next(WAIT)).isNotNull();
            socket.send("{\"text\":\"Second one here. \"}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> rest = drain(socket);
            assertThat(rest.get(rest.size() - 1).path("isFinal").asBoolean()).isTrue();
            assertThat(socket.closed(WAIT).code()).isEqualTo(1000);
        }
        // Phoenix was tried for the first segment only: the conversation kept ElevenLabs' voice while it worked.
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        assertThat(ELEVENLABS.requests())
                .extracting(r -> JSON.readTree(r.body()).path("text").asString())
                .containsExactly("First one here.", "Second one here.");
    }

    @Test
    void shouldTakeASegmentWithoutAudioForAFailureAndFallBack() {
        // ElevenLabs over its quota ends a segment with no audio at all.
        PHOENIX.then(lines(Duration.ZERO, chunk(new byte[0], "Hello there.", 0)));
        ELEVENLABS.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Hello there. \",\"flush\":true}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> messages = drain(socket);
            assertThat(spoken(messages)).isEqualTo("Hello there.");
        }
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        assertThat(ELEVENLABS.speechCalls()).isEqualTo(1);
    }

    @Test
    void shouldEndWith1011WhenTheAudioBreaksPartWay() {
        String line = chunk(FakeTimestamps.pcm(3), "Hel", 0) + "\n";
        PHOENIX.then(FakeProvider.Behavior.resetAfter(Duration.ofMillis(10), line.getBytes(StandardCharsets.UTF_8)));
        ELEVENLABS.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Hello there.\",\"flush\":true}");
            List<JsonNode> messages = drain(socket);
            assertThat(messages.get(0).path("audio").asString()).isNotEmpty();
            JsonNode last = messages.get(messages.size() - 1);
            assertThat(last.path("error").asString()).isEqualTo("upstream_failed");
            assertThat(socket.closed(WAIT).code()).isEqualTo(1011);
        }
        assertThat(ELEVENLABS.speechCalls())
                .as("no fallback after audio went out")
                .isZero();
    }

    /** A provider that rejects the segment itself (its text, a voice setting): the client's to fix, no fallback. */
    @Test
    void shouldEndWith1008WhenAProviderRejectsASegment() {
        String key = TestClients.limited(6);
        PHOENIX.always(FakeProvider.Behavior.error(422, "invalid_text", "cannot speak this"));
        try (TestSocket socket = openAs(key, "")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Hello there.\",\"flush\":true}");
            assertEndsWith(socket, "upstream_rejected", 1008);
        }
        assertThat(ELEVENLABS.speechCalls()).isZero();
        assertThat(usedToday(key)).isZero();
    }

    @Test
    void shouldEndWith1011AndRefundWhenEveryProviderFailsASegment() {
        String key = TestClients.limited(1);
        PHOENIX.always(FakeProvider.Behavior.status(500, "down"));
        ELEVENLABS.always(FakeProvider.Behavior.status(500, "down"));
        try (TestSocket socket = openAs(key, "")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Hello there.\",\"flush\":true}");
            assertEndsWith(socket, "upstream_failed", 1011);
        }
        assertThat(usedToday(key)).isZero();
    }

    @Test
    void shouldEndWith1008WhenTheBudgetIsSpent() {
        String key = TestClients.limited(2);
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = openAs(key, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"" + "a".repeat(30) + "\",\"flush\":true}");
            assertThat(socket.next(WAIT)).contains("audio");
            socket.send("{\"text\":\"" + "b".repeat(30) + "\",\"flush\":true}");
            assertEndsWith(socket, "quota_exceeded", 1008);
        }
        // The day's 50: the first 30 spent, the refused 30 not.
        assertThat(usedToday(key)).isEqualTo(30);
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
    }

    @Test
    void shouldHoldOneConcurrencySlotWhileOpenAndRefuseTheNextUpgrade() {
        String key = TestClients.limited(3);
        try (TestSocket first = openAs(key, "");
                TestSocket second = openAs(key, "")) {
            assertThat(assertRefused(() -> openAs(key, ""), 429).retryAfter())
                    .as("too-many-streams before the upgrade says when to try again")
                    .isEqualTo("1");
            first.send("{\"text\":\"\"}");
            assertThat(first.closed(WAIT).code()).isEqualTo(1000);
            assertThat(second.isClosed()).isFalse();
        }
    }

    @Test
    void shouldRefuseTheRateWithAMessageWhenTheKeyCameInTheFirstMessage() {
        String key = TestClients.limited(4);
        String refusal = null;
        for (int i = 0; i < 6 && refusal == null; i++) {
            try (TestSocket socket = TestSocket.open(uri(""), Map.of())) {
                socket.send("{\"text\":\" \",\"xi_api_key\":\"" + key + "\"}");
                socket.send("{\"text\":\"\"}");
                List<JsonNode> messages = drain(socket);
                JsonNode last = messages.get(messages.size() - 1);
                if (last.has("error")) {
                    refusal = last.path("error").asString();
                    assertThat(socket.closed(WAIT).code()).isEqualTo(1008);
                } else {
                    assertThat(last.path("isFinal").asBoolean()).isTrue();
                }
            }
        }
        assertThat(refusal).isEqualTo("rate_limited");
    }

    @Test
    void shouldCloseAnIdleConversationWith1008() {
        try (TestSocket socket = open("?inactivity_timeout=1")) {
            socket.send("{\"text\":\" \"}");
            JsonNode error = JSON.readTree(socket.next(WAIT));
            assertThat(error.path("error").asString()).isEqualTo("input_timeout_exceeded");
            assertThat(socket.closed(WAIT)).isEqualTo(new TestSocket.Closed(1008, "inactivity"));
        }
    }

    @Test
    void shouldEndAnUnauthenticatedConversationThatSendsNoKey() {
        try (TestSocket socket = TestSocket.open(uri("?inactivity_timeout=1"), Map.of())) {
            JsonNode error = JSON.readTree(socket.next(WAIT));
            assertThat(error.path("error").asString()).isEqualTo("unauthenticated");
            assertThat(socket.closed(WAIT)).isEqualTo(new TestSocket.Closed(1008, "unauthenticated"));
        }
        try (TestSocket socket = TestSocket.open(uri("?inactivity_timeout=1"), Map.of())) {
            socket.send("{\"text\":\" \"}");
            assertEndsWith(socket, "unauthenticated", 1008);
        }
    }

    @Test
    void shouldKeepAConversationThatSendsKeepAlivesOpen() throws InterruptedException {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = open("?inactivity_timeout=1&output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            for (int i = 0; i < 6; i++) {
                Thread.sleep(400);
                socket.send("{\"text\":\" \"}");
            }
            assertThat(socket.isClosed()).isFalse();
            socket.send("{\"text\":\"Still here.\"}");
            socket.send("{\"text\":\"\"}");
            assertThat(spoken(drain(socket))).isEqualTo("Still here.");
        }
    }

    @Test
    void shouldTakePongsForKeepAlives() throws InterruptedException {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = open("?inactivity_timeout=1&output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            for (int i = 0; i < 6; i++) {
                Thread.sleep(400);
                socket.pong();
            }
            assertThat(socket.isClosed())
                    .as("2.4 s of pongs, the inactivity timeout 1 s")
                    .isFalse();
            socket.send("{\"text\":\"Still here.\"}");
            socket.send("{\"text\":\"\"}");
            assertThat(spoken(drain(socket))).isEqualTo("Still here.");
        }
    }

    @Test
    void shouldCloseWith1009OnAFrameOverOneMebibyteAndServeTheNext() {
        String closes =
                "tts_connection_closes_total{code=\"1009\",endpoint=\"stream-input\",reason=\"message_too_large\"}";
        double before = Math.max(0, metric(closes));
        try (TestSocket socket = open("")) {
            socket.send("{\"text\":\" \"}");
            try {
                socket.send("{\"text\":\"" + "a".repeat(1024 * 1024) + "\"}");
            } catch (java.util.concurrent.CompletionException closedWhileSending) {
                // The gateway refuses the frame at its header and closes while the rest of it is still being sent.
            }
            // The close frame, unless the client's own write failed first on the closed connection.
            assertThat(socket.closed(WAIT).code()).isIn(1009, -1);
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(metric(closes)).isEqualTo(before + 1));
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Fine.\"}");
            socket.send("{\"text\":\"\"}");
            assertThat(spoken(drain(socket))).isEqualTo("Fine.");
        }
    }

    @Test
    void shouldEndWith1008OnAMessageThatIsNotTheProtocol() {
        try (TestSocket socket = open("")) {
            socket.send("not json");
            assertEndsWith(socket, "invalid_request", 1008);
        }
        try (TestSocket socket = open("")) {
            socket.send("{\"text\":\" \",\"voice_settings\":\"loud\"}");
            assertEndsWith(socket, "invalid_request", 1008);
        }
        try (TestSocket socket = open("")) {
            socket.sendBinary("{\"text\":\" \"}".getBytes(StandardCharsets.UTF_8));
            assertEndsWith(socket, "invalid_request", 1008);
        }
    }

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void shouldEndWithQuotaExceededWhenTheElevenLabsCapAloneKeepsASegmentFromBeingServed() {
        String key = TestClients.limited(5);
        breakers.circuitBreaker("phoenix").transitionToForcedOpenState();
        ELEVENLABS.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = openAs(key, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"" + "a".repeat(15) + "\",\"flush\":true}");
            assertThat(socket.next(WAIT)).contains("audio");
            // 15 + 10 would pass the client's ElevenLabs cap of 20 a month.
            socket.send("{\"text\":\"" + "b".repeat(10) + "\",\"flush\":true}");
            assertEndsWith(socket, "quota_exceeded", 1008);
        }
        assertThat(ELEVENLABS.speechCalls()).isEqualTo(1);
        assertThat(usedToday(key)).isEqualTo(15);
    }

    @Test
    void shouldOpenWithAStreamTokenIssuedWithoutARequestOnly() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        String unbound = token("{\"ttl_seconds\":60}");
        try (TestSocket socket = TestSocket.open(uri("?output_format=pcm_16000&token=" + unbound), Map.of())) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"By token.\"}");
            socket.send("{\"text\":\"\"}");
            assertThat(spoken(drain(socket))).isEqualTo("By token.");
        }
        String bound = token("{\"text\":\"Only this.\"}");
        assertRefused(() -> TestSocket.open(uri("?token=" + bound), Map.of()), 401);
        assertRefused(() -> TestSocket.open(uri("?token=forged"), Map.of()), 401);
    }

    String token(String body) {
        return post("/v1/tts/tokens")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("token")
                .asString();
    }

    @Test
    void shouldLogAndCountEachSegmentAndTheClose(CapturedOutput output) {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        double before = metric("tts_requests_total{endpoint=\"stream-input\",outcome=\"ok\",provider=\"phoenix\"}");
        double closes =
                metric("tts_connection_closes_total{code=\"1000\",endpoint=\"stream-input\",reason=\"normal\"}");
        try (TestSocket socket = open("?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[5]}}");
            socket.send("{\"text\":\"Secret words one. Secret words two. \"}");
            socket.send("{\"text\":\"\"}");
            drain(socket);
            socket.closed(WAIT);
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                metric(
                                        "tts_connection_closes_total{code=\"1000\",endpoint=\"stream-input\",reason=\"normal\"}"))
                        .isEqualTo(Math.max(closes, 0) + 1));
        assertThat(metric("tts_requests_total{endpoint=\"stream-input\",outcome=\"ok\",provider=\"phoenix\"}"))
                .isEqualTo(Math.max(before, 0) + 2);

        List<JsonNode> lines = Arrays.stream(output.getOut().split("\n"))
                .filter(l -> l.startsWith("{\"request_id\""))
                .map(JSON::readTree)
                .filter(l -> l.path("endpoint").asString().equals("stream-input"))
                .filter(l -> l.has("segment"))
                // Only this conversation's: another test's conversation may still be ending.
                .filter(l -> List.of(TextHash.sha256("Secret words one."), TextHash.sha256("Secret words two."))
                        .contains(l.path("text_sha256").asString()))
                .toList();
        assertThat(lines).hasSize(2);
        assertThat(lines).extracting(l -> l.path("segment").asInt()).containsExactly(1, 2);
        assertThat(lines.get(0).path("request_id").asString())
                .isEqualTo(lines.get(1).path("request_id").asString());
        JsonNode first = lines.get(0);
        assertThat(first.path("chars").asInt()).isEqualTo("Secret words one.".length());
        assertThat(first.path("text_sha256").asString()).isEqualTo(TextHash.sha256("Secret words one."));
        assertThat(first.path("bytes").asLong()).isEqualTo(FakeTimestamps.pcm("Secret words one.".length()).length);
        assertThat(first.path("outcome").asString()).isEqualTo("ok");
        assertThat(first.path("status").asInt()).isEqualTo(200);
        assertThat(first.path("provider").asString()).isEqualTo("phoenix");
        assertThat(first.path("ttfb_ms").isNumber()).isTrue();
        assertThat(output.getOut()).doesNotContain("Secret words");
    }

    /**
     * A client that reads nothing holds up the provider's stream instead of having it queued in the gateway's memory:
     * the provider gets to send only what the connections' buffers hold, then waits.
     */
    @Test
    void shouldHoldTheProvidersStreamBackForAClientThatReadsNothing() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger lines = new java.util.concurrent.atomic.AtomicInteger();
        byte[] line = (chunk(FakeTimestamps.pcm(10), "a".repeat(10), 0) + "\n").getBytes(StandardCharsets.UTF_8);
        PHOENIX.always(response -> response.header("Content-Type", "application/json")
                .send(
                        reactor.core.publisher.Flux.<io.netty.buffer.ByteBuf>generate(sink -> {
                            lines.incrementAndGet();
                            sink.next(io.netty.buffer.Unpooled.wrappedBuffer(line));
                        }),
                        b -> true));
        try (TestSocket socket =
                TestSocket.open(uri("?output_format=pcm_16000"), Map.of("xi-api-key", TestClients.ALPHA_KEY), false)) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Speak forever.\",\"flush\":true}");
            Thread.sleep(3000);
            int stalled = lines.get();
            Thread.sleep(2000);
            System.out.printf(
                    "provider lines sent to a client that reads nothing: %d (%d KiB)%n",
                    stalled, (long) stalled * line.length / 1024);
            assertThat(lines.get()).as("the provider's stream waits").isLessThanOrEqualTo(stalled + 1);
            assertThat((long) stalled * line.length).as("what the buffers took").isLessThan(64L * 1024 * 1024);
        }
    }

    /**
     * Many conversations of one client at once, each asking for more than the day's budget leaves them together:
     * exactly as many segments are spoken as the budget pays for, every other conversation ends with quota_exceeded,
     * and not one character is spent twice or lost.
     */
    @Test
    void shouldShareOneBudgetExactlyBetweenConversationsAtOnce() throws Exception {
        String key = TestClients.racer(1);
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        int conversations = 40;
        String segment = "x".repeat(20); // 40 × 20 asked for, 500 a day: 25 are spoken
        List<java.util.concurrent.CompletableFuture<String>> endings = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(conversations);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < conversations; i++) {
                endings.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try (TestSocket socket = openAs(key, "?output_format=pcm_16000")) {
                                socket.send("{\"text\":\" \"}");
                                start.await();
                                socket.send("{\"text\":\"" + segment + "\",\"flush\":true}");
                                socket.send("{\"text\":\"\"}");
                                List<JsonNode> messages = drain(socket);
                                JsonNode last = messages.get(messages.size() - 1);
                                return last.has("error")
                                        ? last.path("error").asString()
                                        : spoken(messages).equals(segment) ? "spoken" : "cut";
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        pool));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (var ending : endings) {
                results.add(ending.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(results.stream().filter("spoken"::equals).count())
                    .as(results.toString())
                    .isEqualTo(25);
            assertThat(results.stream().filter("quota_exceeded"::equals).count())
                    .as(results.toString())
                    .isEqualTo(15);
        } finally {
            pool.shutdownNow();
        }
        assertThat(usedToday(key)).isEqualTo(500);
        assertThat(PHOENIX.speechCalls()).isEqualTo(25);
    }
}
