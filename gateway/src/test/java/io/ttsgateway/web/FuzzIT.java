package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.api.ErrorShape;
import io.ttsgateway.observability.TextHash;
import io.ttsgateway.testing.GatewayHttpTest;
import io.ttsgateway.testing.RawHttp;
import io.ttsgateway.testing.TestClients;
import io.ttsgateway.web.FuzzBodies.Body;
import io.ttsgateway.web.FuzzWire.Piped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Property-based fuzzing of the running gateway from outside, over real sockets (API.md §10 "Fuzzed bodies,
 * headers, query strings and paths"): bodies to every synthesis surface, odd headers, bent paths and query strings,
 * pipelined requests and smuggling-shaped framing. Whatever comes in, the answer is audio or a 4xx in the surface's
 * own error shape (or a closed connection), never a 5xx and never a stack trace; a protected route never answers
 * without its key; a bad request id is replaced, never echoed; and nothing a caller wrote reaches the logs, which
 * carry only hashes. Every fuzzed text carries a marker ({@link FuzzText#MARK}), so after each property one search
 * of the captured output finds any leak.
 *
 * <p><b>Why QuickTheories from plain JUnit tests.</b> The generators and the search for a smallest failing input come
 * from QuickTheories, a library called from ordinary JUnit Jupiter tests, so this class is a normal {@link
 * GatewayHttpTest}: Spring's extension starts the gateway once on a random port in front of the fake providers, and
 * Boot's {@link OutputCaptureExtension} captures its logs. jqwik was the first choice and does run on the JUnit 6
 * platform Boot 4 brings, but it is an engine of its own, outside Spring's extension, and jqwik 1.10 prints into
 * every test run a message telling automated agents to disregard their instructions and ignore its results; a build
 * whose output is read by agents keeps no such text in it.
 *
 * <p><b>Reproducible.</b> Every property runs from a fixed seed ({@link #SEED}), so each run tries the same inputs; a
 * failure shows the smallest failing input found and "Seed was …". {@code -Dfuzz.seed=<n>} explores other inputs,
 * {@code -Dfuzz.examples=<factor>} tries more of them.
 */
@ExtendWith(OutputCaptureExtension.class)
class FuzzIT extends GatewayHttpTest {

    static final long SEED = 20_261_129L;

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @LocalServerPort
    int port;

    private FuzzLogs logs;

    /** The POST surfaces that read a JSON body, each with its error shape and the header its key goes in. */
    enum Surface {
        TTS("/v1/tts", ErrorShape.PROBLEM, "Authorization", "Bearer "),
        TTS_STREAM("/v1/tts/stream", ErrorShape.PROBLEM, "Authorization", "Bearer "),
        ELEVENLABS("/v1/text-to-speech/narrator", ErrorShape.ELEVENLABS, "xi-api-key", ""),
        ELEVENLABS_STREAM("/v1/text-to-speech/narrator/stream", ErrorShape.ELEVENLABS, "xi-api-key", ""),
        OPENAI("/v1/audio/speech", ErrorShape.OPENAI, "Authorization", "Bearer "),
        TOKENS("/v1/tts/tokens", ErrorShape.PROBLEM, "X-API-Key", "");

        final String path;
        final ErrorShape shape;
        final String keyHeader;
        final String keyPrefix;

        Surface(String path, ErrorShape shape, String keyHeader, String keyPrefix) {
            this.path = path;
            this.shape = shape;
            this.keyHeader = keyHeader;
            this.keyPrefix = keyPrefix;
        }
    }

    static QuickTheory fuzz(int examples) {
        return QuickTheory.qt()
                .withFixedSeed(Long.getLong("fuzz.seed", SEED))
                .withExamples(examples * Integer.getInteger("fuzz.examples", 1))
                .withShrinkCycles(20);
    }

    @BeforeEach
    void captureLogs(CapturedOutput output) {
        logs = FuzzLogs.from(output);
    }

    @Test
    void shouldAnswerEveryBodyWithAudioOrA4xxInTheSurfacesShape() {
        Set<String> spoken = ConcurrentHashMap.newKeySet();

        fuzz(240)
                .forAll(Generate.enumValues(Surface.class), FuzzBodies.bodies(), Generate.booleans())
                .checkAssert((surface, body, chunked) -> {
                    HttpResponse<byte[]> answer = post(surface, body, chunked);

                    if (answer == null) {
                        assertThat(body.bytes().length)
                                .as("only an oversized body may see the connection closed")
                                .isGreaterThan(FuzzBodies.MAX_BODY);
                        return;
                    }
                    int status = answer.statusCode();
                    FuzzAnswers.assertAnswer(
                            surface.shape,
                            status,
                            answer.headers().firstValue("Content-Type").orElse(""),
                            new String(answer.body(), StandardCharsets.UTF_8),
                            answer.headers().firstValue("X-Request-Id").orElse(null));
                    assertThat(status == 413)
                            .as("413 exactly when the body is over 64 KiB")
                            .isEqualTo(body.bytes().length > FuzzBodies.MAX_BODY);
                    if (body.speakable()) {
                        assertThat(status).as("a well-formed request is served").isEqualTo(200);
                        if (surface != Surface.TOKENS) {
                            spoken.add(TextHash.sha256(body.text().strip()));
                        }
                    }
                });

        String logged = logs.settled();
        assertThat(spoken).as("requests served").isNotEmpty();
        assertThat(spoken)
                .as("the access log names each text served by its hash")
                .allSatisfy(hash -> assertThat(logged).contains("\"text_sha256\":\"" + hash + "\""));
    }

    @Test
    void shouldNeverEchoABadRequestIdNorServeWithoutAKeyWhateverTheHeaders() {
        byte[] body = FuzzBodies.utf8("{\"text\":\"header fuzz\",\"input\":\"header fuzz\"}");

        fuzz(200)
                .forAll(Generate.enumValues(Surface.class), FuzzHeaders.headers())
                .checkAssert((surface, headers) -> {
                    List<String> lines = new ArrayList<>(List.of("Host: gateway"));
                    lines.addAll(headers.lines());
                    lines.addAll(List.of("Content-Length: " + body.length, "Connection: close"));

                    RawHttp.Answer answer = FuzzAnswers.onlyAnswer(
                            RawHttp.send(port, RawHttp.request("POST", surface.path, lines, body), 1, WAIT));

                    if (answer == null) {
                        return;
                    }
                    if (answer.header("x-request-id").isEmpty()) {
                        FuzzAnswers.assertServerRefusal(answer);
                        return;
                    }
                    FuzzAnswers.assertAnswer(
                            surface.shape,
                            answer.status(),
                            answer.header("content-type").orElse(""),
                            answer.bodyText(),
                            answer.header("x-request-id").get());
                    FuzzAnswers.assertRequestId(headers.requestIds(), answer);
                    if (answer.status() < 300) {
                        assertThat(headers.validKeyIn())
                                .as("served only with a valid key")
                                .isNotEmpty();
                    }
                });
    }

    @Test
    void shouldRefuseNonCanonicalPathsAndNeverServeAProtectedRouteWithoutAKey() {
        Gen<String> methods = Generate.pick(List.of("GET", "POST", "POST", "PUT", "DELETE", "OPTIONS"));
        Gen<String> credentials = Generate.pick(
                List.of("", "Authorization: Bearer " + TestClients.ALPHA_KEY, "xi-api-key: " + TestClients.ALPHA_KEY));

        fuzz(260).forAll(FuzzPaths.targets(), methods, credentials).checkAssert((target, method, credential) -> {
            byte[] body = method.equals("GET") ? new byte[0] : FuzzBodies.utf8("{\"text\":\"path fuzz\"}");
            List<String> lines = new ArrayList<>(List.of(
                    "Host: gateway",
                    "Content-Type: application/json",
                    "Content-Length: " + body.length,
                    "Connection: close"));
            if (!credential.isEmpty()) {
                lines.add(credential);
            }

            RawHttp.Answer answer = FuzzAnswers.onlyAnswer(
                    RawHttp.send(port, RawHttp.request(method, target.target(), lines, body), 1, WAIT));

            if (answer == null) {
                return;
            }
            assertThat(answer.status()).as("%s %s", method, target).isLessThan(500);
            if (credential.isEmpty() && answer.status() < 300) {
                assertThat(target.decodedPath()).as("answered without a key").isIn(FuzzPaths.PUBLIC);
            }
            if (!target.canonical()) {
                assertThat(answer.status()).as("%s %s", method, target).isIn(400, 404, 414);
            }
            if (answer.header("x-request-id").isEmpty()) {
                FuzzAnswers.assertServerRefusal(answer);
            } else if (answer.status() >= 400) {
                FuzzAnswers.assertAnyShape(
                        answer.status(), answer.header("content-type").orElse(""), answer.bodyText());
            }
        });
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() {
        fuzz(40).forAll(FuzzWire.pipelines()).checkAssert(requests -> {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            requests.forEach(r -> wire.writeBytes(r.bytes()));
            boolean closeAsked = requests.get(requests.size() - 1).closes();

            RawHttp.Exchange exchange = RawHttp.send(port, wire.toByteArray(), requests.size(), WAIT);

            assertThat(exchange.stalled()).as("answered or closed in time").isFalse();
            assertThat(exchange.garbage()).as("only well-formed answers").isEmpty();
            List<RawHttp.Answer> answers = exchange.answers();
            assertThat(answers).as("at least the first request is answered").isNotEmpty();
            for (int i = 0; i < answers.size(); i++) {
                Piped request = requests.get(i);
                assertThat(answers.get(i).header("x-request-id"))
                        .as("answer %d is to %s", i, request)
                        .hasValue(request.requestId());
                assertThat(answers.get(i).status()).as("answer to %s", request).isEqualTo(request.expected());
            }
            if (!closeAsked) {
                assertThat(answers)
                        .as("every request answered on a kept-alive connection")
                        .hasSize(requests.size());
            } else {
                // Reactor Netty reads a pipelined "Connection: close" as soon as it arrives and may close after the
                // answer it is writing then; HTTP lets a server close a persistent connection (RFC 9112 §9.3.2 and
                // §9.6: the caller retries what was not answered). Whatever was answered is right and in order, and
                // the answer to the request that asked for the close, when it came, says so.
                if (answers.size() == requests.size()) {
                    assertThat(answers.get(answers.size() - 1).closes())
                            .as("the answer to the closing request announces the close")
                            .isTrue();
                }
                assertThat(exchange.closed()).as("and the connection is closed").isTrue();
            }
        });
    }

    @Test
    void shouldNeverAnswer5xxNorServeTheHiddenRequestOnSmugglingShapedFraming() {
        fuzz(40).forAll(FuzzWire.framings(), FuzzText.marker()).checkAssert((framing, mark) -> {
            String hidden = "hidden-" + mark.substring(FuzzText.MARK.length());

            RawHttp.Exchange exchange = RawHttp.send(port, FuzzWire.withSmuggled(framing, hidden), 2, WAIT);

            // The hidden request may be read as a request, as body, or not at all; only the first must be answered
            // (or the connection closed), and nothing may come back that is not a well-formed answer.
            assertThat(exchange.answers().isEmpty() && !exchange.closed())
                    .as("%s: the first request is answered or the connection closed", framing)
                    .isFalse();
            assertThat(exchange.garbage()).as("only well-formed answers").isEmpty();
            for (RawHttp.Answer answer : exchange.answers()) {
                assertThat(answer.status()).as("%s: %s", framing, answer).isLessThan(500);
                if (answer.header("x-request-id").filter(hidden::equals).isPresent()) {
                    assertThat(answer.status())
                            .as("the hidden request has no key")
                            .isEqualTo(401);
                }
            }
        });
    }

    @Test
    void shouldRefuseATransferEncodingOtherThanChunkedWith400AndClose() {
        fuzz(40).forAll(FuzzWire.otherTransferEncodings()).checkAssert(framing -> {
            RawHttp.Exchange exchange = RawHttp.send(port, FuzzWire.withSmuggled(framing, "hidden"), 2, WAIT);

            assertThat(exchange.answers()).as("%s", framing).hasSize(1);
            assertThat(exchange.answers().get(0).status()).as("%s", framing).isEqualTo(400);
            assertThat(exchange.closed()).as("%s: connection closed", framing).isTrue();
        });
    }

    /** After every property: no error, no stack trace and no fuzzed text in anything the gateway logged. */
    @AfterEach
    void shouldLeaveNoFuzzedTextNorStackTraceInTheLogs() {
        String logged = logs.settled();

        assertThat(logged).as("the capture sees the access log").contains("\"request_id\":\"");
        FuzzAnswers.assertCleanLogs(logged);
    }

    /** The body as the surface's own client sends it, or null when the server closed the connection under it. */
    private HttpResponse<byte[]> post(Surface surface, Body body, boolean chunked) {
        HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.ofByteArray(body.bytes());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + surface.path))
                .timeout(WAIT)
                .header(surface.keyHeader, surface.keyPrefix + TestClients.ALPHA_KEY)
                .header("Content-Type", "application/json")
                .POST(chunked ? HttpRequest.BodyPublishers.fromPublisher(bytes) : bytes)
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException closed) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
