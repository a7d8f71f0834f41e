package io.ttsgateway.streaminput;

import static io.ttsgateway.testing.FakeTimestamps.chunk;
import static io.ttsgateway.testing.FakeTimestamps.lines;
import static io.ttsgateway.testing.FakeTimestamps.pcm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.observability.TextHash;
import io.ttsgateway.testing.FakeProvider;
import io.ttsgateway.testing.FakeTimestamps;
import io.ttsgateway.testing.RawHttp;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.testing.TestSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Edge cases of ElevenLabs' WebSocket (API.md §8): how a conversation ends when the client leaves, misbehaves or sends
 * what the protocol allows but rarely; what is charged, released, logged and counted then.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamInputReviewIT extends ConversationTest {

    /** A series' value, 0 before it exists. */
    double counted(String series) {
        return Math.max(0, metric(series));
    }

    /** The access-log lines of this segment text. */
    static List<JsonNode> segmentLines(CapturedOutput output, String text) {
        return Arrays.stream(output.getOut().split("\n"))
                .filter(l -> l.startsWith("{\"request_id\""))
                .map(JSON::readTree)
                .filter(l -> l.has("segment"))
                .filter(l -> l.path("text_sha256").asString().equals(TextHash.sha256(text)))
                .toList();
    }

    @Test
    void shouldKeepTheSpaceBetweenTheFirstMessagesTextAndTheNext() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "?output_format=pcm_16000")) {
            // A first message that carries text (no voice settings, no schedule): ElevenLabs speaks it as sent.
            socket.send("{\"text\":\"Hello \"}");
            socket.send("{\"text\":\"there.\"}");
            socket.send("{\"text\":\"\"}");
            drain(socket);
        }
        assertThat(PHOENIX.requests())
                .extracting(r -> JSON.readTree(r.body()).path("text").asString())
                .containsExactly("Hello there.");
    }

    // ---- passes: a second end, and text after the end, change nothing; the slot is given back.

    @Test
    void shouldIgnoreASecondEndAndTextAfterTheEndAndGiveTheSlotBack() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = openAs(TestClients.BETA_KEY, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Only this.\"}");
            socket.send("{\"text\":\"\"}");
            socket.send("{\"text\":\"\"}");
            socket.send("{\"text\":\"Not this. \",\"flush\":true}");
            List<JsonNode> messages = drain(socket);
            assertThat(spoken(messages)).isEqualTo("Only this.");
            assertThat(messages.get(messages.size() - 1).path("isFinal").asBoolean())
                    .isTrue();
            assertThat(socket.closed(WAIT).code()).isEqualTo(1000);
        }
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(activeStreams(TestClients.BETA_KEY)).isZero());
    }

    // ---- passes: a client that leaves before a segment's audio is refunded, its slot given back, its line cancelled.

    @Test
    void shouldRefundAndReleaseWhenTheClientLeavesBeforeTheAudio(CapturedOutput output) throws InterruptedException {
        String key = TestClients.limited(6);
        PHOENIX.alwaysFromBody(
                body -> FakeProvider.Behavior.delayed(Duration.ofMillis(1000), FakeTimestamps.speaking(body)));
        double leftBefore =
                counted("tts_connection_closes_total{code=\"1000\",endpoint=\"stream-input\",reason=\"client_left\"}");
        TestSocket socket = openAs(key, "?output_format=pcm_16000");
        socket.send("{\"text\":\" \"}");
        socket.send("{\"text\":\"Leaving early.\",\"flush\":true}");
        // Gone once the segment was sent to the provider (which answers a second later).
        await().atMost(Duration.ofSeconds(5)).until(() -> PHOENIX.speechCalls() == 1);
        socket.abort();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(activeStreams(key)).isZero();
            assertThat(usedToday(key)).isZero();
            assertThat(segmentLines(output, "Leaving early.")).hasSize(1);
        });
        JsonNode line = segmentLines(output, "Leaving early.").get(0);
        assertThat(line.path("outcome").asString()).isEqualTo("cancelled");
        assertThat(line.path("status").asInt()).isEqualTo(499);
        assertThat(counted(
                        "tts_connection_closes_total{code=\"1000\",endpoint=\"stream-input\",reason=\"client_left\"}"))
                .isEqualTo(leftBefore + 1);
    }

    @Test
    void shouldChargeAndReleaseWhenTheClientLeavesPartWayThroughASegment(CapturedOutput output) {
        String key = TestClients.limited(7);
        PHOENIX.alwaysFromBody(body -> {
            String text = JSON.readTree(body).path("text").asString();
            return lines(Duration.ofMillis(700), chunk(pcm(3), text.substring(0, 3), 0), chunk(pcm(3), "xyz", 0.3));
        });
        try (TestSocket socket = openAs(key, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Half of it.\",\"flush\":true}");
            assertThat(socket.next(WAIT)).contains("audio");
            // closed here, with the second chunk still to come
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(activeStreams(key)).isZero();
            assertThat(segmentLines(output, "Half of it.")).hasSize(1);
        });
        assertThat(usedToday(key)).isEqualTo("Half of it.".length());
        assertThat(segmentLines(output, "Half of it.").get(0).path("outcome").asString())
                .isEqualTo("cancelled");
    }

    // ---- passes: an upgrade the handshake refuses gives back the slot taken for it.

    @Test
    void shouldGiveTheSlotBackWhenTheHandshakeFails() {
        String key = TestClients.BETA_KEY;
        int status = web.get()
                .uri("/v1/text-to-speech/voice-1/stream-input")
                .header("xi-api-key", key)
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
        assertThat(status).isEqualTo(400);
        byte[] badVersion = RawHttp.request(
                "GET",
                "/v1/text-to-speech/voice-1/stream-input",
                List.of(
                        "Host: 127.0.0.1",
                        "xi-api-key: " + key,
                        "Upgrade: websocket",
                        "Connection: Upgrade",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                        "Sec-WebSocket-Version: 99"),
                new byte[0]);
        RawHttp.Exchange exchange = RawHttp.send(port, badVersion, 1, Duration.ofSeconds(3));
        assertThat(exchange.answers()).isNotEmpty();
        assertThat(exchange.answers().get(0).status()).isLessThan(500);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(activeStreams(key)).isZero());
    }

    // ---- passes: a ping is answered by the server and the conversation goes on.

    @Test
    void shouldAnswerAPingAndGoOn() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.ping();
            socket.send("{\"text\":\"After a ping.\"}");
            socket.send("{\"text\":\"\"}");
            assertThat(spoken(drain(socket))).isEqualTo("After a ping.");
            assertThat(socket.closed(WAIT).code()).isEqualTo(1000);
        }
    }

    @Test
    void shouldTakeAnUnsolicitedPongAsAHeartbeat() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.pong();
            socket.send("{\"text\":\"After a pong.\"}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> messages = drain(socket);
            assertThat(messages).noneMatch(m -> m.has("error"));
            assertThat(spoken(messages)).isEqualTo("After a pong.");
            assertThat(socket.closed(WAIT).code())
                    .as("closed as any conversation whose input ended")
                    .isEqualTo(1000);
        }
    }

    @Test
    void shouldEndWithInvalidRequestAnd1008OnABinaryFrame() {
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "")) {
            socket.send("{\"text\":\" \"}");
            socket.sendBinary(new byte[] {1, 2, 3});
            assertThat(socket.closed(WAIT).code()).isEqualTo(1008);
            String last = socket.next(Duration.ZERO);
            assertThat(last).isNotNull();
            assertThat(JSON.readTree(last).path("error").asString()).isEqualTo("invalid_request");
        }
    }

    // ---- passes: a message over 1 MiB in many frames is refused like one frame over 1 MiB.

    @Test
    void shouldCloseWith1009OnAMessageOverOneMebibyteInManyFrames() {
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "")) {
            socket.send("{\"text\":\" \"}");
            String part = "a".repeat(64 * 1024);
            // The message passes 1 MiB only with its last frame: a client still sending when the gateway closed
            // would see its own write fail instead of the close frame.
            socket.sendPart("{\"text\":\"", false);
            for (int i = 0; i < 15; i++) {
                socket.sendPart(part, false);
            }
            socket.sendPart(part + "\"}", true);
            assertThat(socket.closed(WAIT).code()).isEqualTo(1009);
        }
    }

    @Test
    void shouldSendAudioInEveryAudioMessage() {
        PHOENIX.always(lines(Duration.ofMillis(5), chunk(new byte[0], "Hel", 0), chunk(pcm(3), "lo.", 0.3)));
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"Hello.\",\"flush\":true}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> messages = drain(socket);
            List<JsonNode> audio = messages.subList(0, messages.size() - 1);
            assertThat(spoken(audio)).isEqualTo("Hello.");
            assertThat(audio)
                    .as("Replies: every audio message has audio")
                    .allSatisfy(m -> assertThat(m.path("audio").asString()).isNotEmpty());
        }
    }

    @Test
    void shouldLogASegmentTheBudgetRefusesAsRejected(CapturedOutput output) {
        String key = TestClients.limited(8);
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        String refused = "b".repeat(30);
        try (TestSocket socket = openAs(key, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"" + "a".repeat(30) + "\",\"flush\":true}");
            assertThat(socket.next(WAIT)).contains("audio");
            socket.send("{\"text\":\"" + refused + "\",\"flush\":true}");
            List<JsonNode> messages = drain(socket);
            assertThat(messages.get(messages.size() - 1).path("error").asString())
                    .isEqualTo("quota_exceeded");
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(segmentLines(output, refused)).hasSize(1));
        JsonNode line = segmentLines(output, refused).get(0);
        assertThat(line.path("status").asInt()).isEqualTo(429);
        assertThat(line.path("problem").asString()).isEqualTo("budget-exhausted");
        // §5: a refusal of the gateway's own is "rejected" (as POST /v1/tts/stream logs a 429), not "failed".
        assertThat(line.path("outcome").asString()).isEqualTo("rejected");
    }

    // ---- passes: the inactivity watch does not fire while a long segment is spoken.

    @Test
    void shouldNotCloseForInactivityWhileASegmentIsSpoken() {
        PHOENIX.alwaysFromBody(body -> {
            String text = JSON.readTree(body).path("text").asString();
            return lines(
                    Duration.ofMillis(1200),
                    chunk(pcm(3), text.substring(0, 3), 0),
                    chunk(pcm(text.length() - 3), text.substring(3), 0.3));
        });
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "?inactivity_timeout=1&output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"A slow one.\",\"flush\":true}");
            socket.send("{\"text\":\"\"}");
            List<JsonNode> messages = drain(socket);
            assertThat(messages).noneMatch(m -> m.has("error"));
            assertThat(spoken(messages)).isEqualTo("A slow one.");
            assertThat(socket.closed(WAIT).code()).isEqualTo(1000);
        }
    }

    @Test
    void shouldCountARateRefusalOfAFirstMessageKey() {
        String key = TestClients.limited(9);
        double before = counted("tts_rejections_total{reason=\"rate-limited\"}");
        String refusal = null;
        for (int i = 0; i < 6 && refusal == null; i++) {
            try (TestSocket socket = TestSocket.open(uri(""), Map.of())) {
                socket.send("{\"text\":\" \",\"xi_api_key\":\"" + key + "\"}");
                socket.send("{\"text\":\"\"}");
                List<JsonNode> messages = drain(socket);
                JsonNode last = messages.get(messages.size() - 1);
                if (last.has("error")) {
                    refusal = last.path("error").asString();
                }
            }
        }
        assertThat(refusal).isEqualTo("rate_limited");
        assertThat(counted("tts_rejections_total{reason=\"rate-limited\"}")).isEqualTo(before + 1);
    }

    /** Sanity: what a plain upgrade without a key logs stays free of any text. */
    @Test
    void shouldNeverLogTheTextOfAnInvalidMessage(CapturedOutput output) {
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "")) {
            socket.send("{\"text\":\"Private words here\",\"voice_settings\":{\"stability\":\"Private words\"}}");
            socket.send("{\"text\":\"\"}");
            drain(socket);
            socket.closed(WAIT);
        }
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "")) {
            socket.send("{\"text\": \"Private words\", ");
            drain(socket);
            socket.closed(WAIT);
        }
        assertThat(output.getOut() + output.getErr()).doesNotContain("Private words");
        assertThat(new String(output.getOut().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .doesNotContain(TestClients.ALPHA_KEY);
    }

    /** Opens a WebSocket on a plain socket: the upgrade request, its answer read, nothing more. */
    java.net.Socket rawUpgrade(String key) throws java.io.IOException {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        String request = "GET /v1/text-to-speech/voice-1/stream-input?output_format=pcm_16000 HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nxi-api-key: " + key + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    static void readAnswerHead(java.net.Socket socket) throws java.io.IOException {
        java.io.InputStream in = socket.getInputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException();
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** A masked text frame, as a client must send it. */
    static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length); // short messages only
        byte[] mask = {1, 2, 3, 4};
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    @Test
    void shouldTakeAResetConnectionForAClientThatLeft(CapturedOutput output) throws Exception {
        PHOENIX.alwaysFromBody(
                body -> FakeProvider.Behavior.delayed(Duration.ofMillis(1000), FakeTimestamps.speaking(body)));
        double internal = metric(
                "tts_connection_closes_total{code=\"1011\",endpoint=\"stream-input\",reason=\"internal_error\"}");
        try (java.net.Socket socket = rawUpgrade(TestClients.BETA_KEY)) {
            readAnswerHead(socket);
            socket.getOutputStream().write(textFrame("{\"text\":\" \"}"));
            socket.getOutputStream().write(textFrame("{\"text\":\"Reset soon.\",\"flush\":true}"));
            socket.getOutputStream().flush();
            Thread.sleep(300);
            socket.setSoLinger(true, 0); // close() now sends a reset
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(activeStreams(TestClients.BETA_KEY)).isZero());
        Thread.sleep(500);
        assertThat(output.getOut()).doesNotContain("conversation failed");
        assertThat(
                        metric(
                                "tts_connection_closes_total{code=\"1011\",endpoint=\"stream-input\",reason=\"internal_error\"}"))
                .isEqualTo(internal);
    }

    // ---- passes: upgrades whose connection is dropped at once never keep a concurrency slot.

    @Test
    void shouldNotKeepASlotForUpgradesDroppedAtOnce() throws Exception {
        for (int i = 0; i < 200; i++) {
            try (java.net.Socket socket = rawUpgrade(TestClients.UNCACHED_KEY)) {
                socket.setSoLinger(true, 0);
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(activeStreams(TestClients.UNCACHED_KEY)).isZero());
    }

    // ---- passes: a flush with no text, and try_trigger_generation, neither end the input nor speak anything.

    @Test
    void shouldTakeAFlushWithNoTextForNothing() {
        PHOENIX.alwaysFromBody(FakeTimestamps::speaking);
        try (TestSocket socket = openAs(TestClients.ALPHA_KEY, "?output_format=pcm_16000")) {
            socket.send("{\"text\":\" \"}");
            socket.send("{\"text\":\"\",\"flush\":true}");
            socket.send("{\"flush\":true}");
            socket.send("{\"text\":\"Then this.\",\"try_trigger_generation\":true}");
            socket.send("{\"text\":\"\"}");
            assertThat(spoken(drain(socket))).isEqualTo("Then this.");
            assertThat(socket.closed(WAIT).code()).isEqualTo(1000);
        }
        assertThat(PHOENIX.speechCalls()).isEqualTo(1);
    }
}
