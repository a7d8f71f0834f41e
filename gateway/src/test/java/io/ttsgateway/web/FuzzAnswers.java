package io.ttsgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.api.ErrorShape;
import io.ttsgateway.testing.RawHttp;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every answer to fuzzed input must look like, and what the logs may never hold (API.md §2 "Errors", §10). */
final class FuzzAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request id the gateway made: a random version-4 UUID. */
    private static final Pattern NEW_REQUEST_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    /** A line Spring Boot's console format writes at ERROR. */
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+ERROR\\s.*");

    /** A line of a printed stack trace. */
    private static final Pattern STACK_LINE =
            Pattern.compile("^\\s+at [\\w$.<>/]+\\(.*\\)\\s*$|^Caused by: .*|^\\s+\\.\\.\\. \\d+ more\\s*$");

    private FuzzAnswers() {}

    /**
     * An answer from a route: audio (or a token), or a 4xx in the route's error shape carrying the request id; never
     * a 5xx, never a stack trace.
     */
    static void assertAnswer(ErrorShape shape, int status, String contentType, String body, String requestId) {
        assertThat(status).as("never a 5xx: %s %s", status, body).isLessThan(500);
        assertThat(requestId).as("X-Request-Id on every answer").isNotBlank();
        assertNoStackTrace(body);
        if (status < 300) {
            assertThat(status).isEqualTo(200);
            assertThat(contentType.startsWith("audio/") || body.contains("\"token\""))
                    .as("audio or a token: %s", contentType)
                    .isTrue();
            return;
        }
        assertThat(status).as("a 4xx: %s", body).isBetween(400, 499);
        JsonNode json = JSON.readTree(body);
        switch (shape) {
            case PROBLEM -> {
                assertThat(contentType).startsWith("application/problem+json");
                assertThat(json.path("type").asString()).startsWith("/problems/");
                assertThat(json.path("status").asInt()).isEqualTo(status);
                assertThat(json.path("title").isString()).isTrue();
                assertThat(json.path("request_id").asString()).isEqualTo(requestId);
            }
            case ELEVENLABS -> {
                assertThat(contentType).startsWith("application/json");
                assertThat(json.path("detail").path("status").asString()).isNotBlank();
                assertThat(json.path("detail").path("message").isString()).isTrue();
                assertThat(json.path("detail").path("request_id").asString()).isEqualTo(requestId);
            }
            case OPENAI -> {
                assertThat(contentType).startsWith("application/json");
                assertThat(json.path("error").path("message").isString()).isTrue();
                assertThat(json.path("error").path("type").asString()).isNotBlank();
                assertThat(json.path("error").path("code").asString()).isNotBlank();
            }
        }
    }

    /** An error answer from wherever in the gateway it came: one of the three shapes, no stack trace. */
    static void assertAnyShape(int status, String contentType, String body) {
        assertNoStackTrace(body);
        JsonNode json = JSON.readTree(body);
        boolean problem = contentType.startsWith("application/problem+json")
                && json.path("status").asInt() == status
                && json.path("type").asString().startsWith("/problems/");
        boolean elevenLabs = json.path("detail").path("status").isString();
        boolean openAi = json.path("error").path("code").isString();
        assertThat(problem || elevenLabs || openAi)
                .as("an error in one of the gateway's shapes: %s", body)
                .isTrue();
    }

    /**
     * Nothing a caller wrote, no ERROR line and no stack trace: fuzzed input is the caller's mistake, and the logs
     * carry only hashes of what callers send (API.md §5, §10).
     */
    static void assertCleanLogs(String logs) {
        List<String> lines = Arrays.asList(logs.split("\\R"));
        assertThat(lines)
                .as("log lines holding fuzzed text")
                .filteredOn(line -> line.contains(FuzzText.MARK))
                .isEmpty();
        // Netty's leak detector reports a buffer when the collector finds it, on whatever thread allocates next: the
        // report says nothing about the request being fuzzed at that moment, and may come from an earlier test class
        // in the same JVM. A leak is a defect of its own, not a reaction to fuzzed input, so it is left out here.
        assertThat(lines)
                .as("ERROR lines")
                .filteredOn(line -> ERROR_LINE.matcher(line).matches() && !line.contains("ResourceLeakDetector"))
                .isEmpty();
        assertThat(lines)
                .as("stack-trace lines")
                .filteredOn(line -> STACK_LINE.matcher(line).matches())
                .isEmpty();
    }

    /** The one answer on a connection, or null when the server closed it without one; never a stall. */
    static RawHttp.Answer onlyAnswer(RawHttp.Exchange exchange) {
        assertThat(exchange.stalled()).as("answered or closed in time").isFalse();
        assertThat(exchange.garbage()).as("only well-formed answers").isEmpty();
        if (exchange.answers().isEmpty()) {
            assertThat(exchange.closed()).as("closed without an answer").isTrue();
            return null;
        }
        return exchange.answers().get(0);
    }

    /** Refused by the HTTP server before the gateway saw it: a bare 400, 414 or 431, and the connection closed. */
    static void assertServerRefusal(RawHttp.Answer answer) {
        assertThat(answer.status()).as("refused by the HTTP server: %s", answer).isIn(400, 414, 431);
        assertThat(answer.closes()).as("and the connection closed").isTrue();
    }

    /**
     * The caller's request id is echoed when it is safe (API.md §2), else replaced by a new one; an unsafe id never
     * comes back in any header or the body. A header value's leading and trailing white space is not part of it.
     */
    static void assertRequestId(List<String> sent, RawHttp.Answer answer) {
        String id = answer.header("x-request-id").orElseThrow();
        List<String> safe = sent.stream()
                .map(String::strip)
                .filter(value -> FuzzHeaders.SAFE_REQUEST_ID.matcher(value).matches())
                .toList();
        if (sent.size() == 1 && safe.size() == 1) {
            assertThat(id).as("a safe request id is echoed").isEqualTo(safe.get(0));
        } else if (!safe.contains(id)) {
            assertThat(id).as("a bad request id is replaced by a new one").matches(NEW_REQUEST_ID);
        }
        String everything = answer.headers() + answer.bodyText();
        sent.stream()
                .filter(value -> !safe.contains(value.strip()) && value.length() >= 4)
                .forEach(value -> assertThat(everything)
                        .as("a bad request id is never echoed")
                        .doesNotContain(value));
    }

    private static void assertNoStackTrace(String body) {
        assertThat(body)
                .as("no stack trace in an answer")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain(".java:");
    }
}
