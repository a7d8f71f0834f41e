package io.ttsgateway.web;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.ttsgateway.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Header values a caller controls (API.md §10): malformed {@code Content-Type} parameters, odd credentials in each
 * header that may carry one (very long, control characters, bytes beyond ASCII) and odd request ids.
 */
final class FuzzHeaders {

    /** What the contract echoes as a request id (API.md §2). */
    static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private static final String KEY = TestClients.ALPHA_KEY;

    private FuzzHeaders() {}

    /**
     * The headers of one request.
     *
     * @param lines header lines as written on the wire
     * @param validKeyIn the headers that carry the valid client key exactly (after {@code Bearer }, trimmed)
     * @param requestIds the {@code X-Request-Id} values sent
     * @param described the lines with credentials masked, for a failure message
     */
    record Headers(List<String> lines, List<String> validKeyIn, List<String> requestIds, String described) {

        @Override
        public String toString() {
            return described;
        }
    }

    static Gen<Headers> headers() {
        Gen<List<String>> credentials = credential("Authorization", true)
                .zip(credential("X-API-Key", false), credential("xi-api-key", false), (a, b, c) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(b);
                    all.addAll(c);
                    return all;
                });
        return contentType().zip(credentials, requestIds(), oddNames(), (type, creds, ids, names) -> {
            List<String> lines = new ArrayList<>(type);
            lines.addAll(creds);
            lines.addAll(names);
            ids.forEach(id -> lines.add("X-Request-Id: " + id));
            List<String> validIn = creds.stream()
                    .filter(line -> presented(line).equals(KEY))
                    .map(line -> line.substring(0, line.indexOf(':')))
                    .toList();
            String described = String.join(
                    " | ",
                    lines.stream()
                            .map(line -> FuzzText.preview(
                                    line.replace(KEY, "<valid-key>").getBytes(StandardCharsets.UTF_8)))
                            .toList());
            return new Headers(lines, validIn, ids, described);
        });
    }

    /** Zero, one or two {@code Content-Type} lines, well-formed or not. */
    static Gen<List<String>> contentType() {
        Gen<String> good = Generate.pick(List.of(
                "application/json",
                "application/json; charset=utf-8",
                "application/json;charset=UTF-8",
                "APPLICATION/JSON",
                "application/problem+json",
                "application/vnd.x+json",
                "application/json ; charset=\"utf-8\"",
                "application/json; charset=utf-16"));
        Gen<String> odd = FuzzText.rawText()
                .zip(
                        integers().between(0, 21),
                        (text, i) -> List.of(
                                        "application/json; charset=",
                                        "application/json; charset=\"",
                                        "application/json; charset=x-bogus",
                                        "application/json;;;===",
                                        ";;;",
                                        "/",
                                        "",
                                        "application/",
                                        "/json",
                                        "application/json; charset=utf-8; charset=latin1",
                                        "application/json; p=" + "v".repeat(5_000),
                                        "application/json; a=\"" + text + "\\",
                                        "text/plain",
                                        "multipart/form-data; boundary=" + text,
                                        "application/x-www-form-urlencoded",
                                        "*/*",
                                        "application/*",
                                        "application/json; charset=" + text,
                                        "application/json\t;charset=utf-8",
                                        "application/json, text/plain",
                                        "application/json; q",
                                        "application/json; " + text + "=" + text)
                                .get(i));
        Gen<List<String>> one = good.mix(odd, 60).map(type -> List.of("Content-Type: " + type));
        Gen<List<String>> two = good.zip(odd, (a, b) -> List.of("Content-Type: " + a, "Content-Type: " + b));
        return Generate.frequency(List.of(Pair.of(8, one), Pair.of(1, two), Pair.of(1, Generate.constant(List.of()))));
    }

    /** Mostly none; else a header whose name is marked, and malformed (a space, a control character) or not. */
    static Gen<List<String>> oddNames() {
        Gen<List<String>> odd = FuzzText.marker()
                .zip(
                        integers().between(0, 4),
                        (mark, i) -> List.of(List.of(
                                        mark + ": v",
                                        "X-" + mark + " : v",
                                        "X-" + mark + "\u0001: v",
                                        "X-" + mark + "é: v",
                                        "X-" + mark + "(): v")
                                .get(i)));
        return Generate.frequency(List.of(Pair.of(1, odd), Pair.of(3, Generate.constant(List.of()))));
    }

    /** Nothing, the valid key spelled several ways, or an odd value, in header {@code name}. */
    static Gen<List<String>> credential(String name, boolean bearer) {
        String prefix = bearer ? "Bearer " : "";
        Gen<String> valid = Generate.pick(
                bearer
                        ? List.of("Bearer " + KEY, "bearer " + KEY, "BEARER " + KEY, "Bearer   " + KEY + "  ")
                        : List.of(KEY, " " + KEY + " "));
        Gen<String> odd = FuzzText.rawText()
                .zip(
                        integers().between(0, 9),
                        integers().between(100, 12_000),
                        (text, i, n) -> List.of(
                                        prefix + text,
                                        prefix + text + "a".repeat(n),
                                        prefix + KEY + text,
                                        text,
                                        "Basic " + text,
                                        "Bearer",
                                        "Bearer ",
                                        prefix + text + "\u0000" + KEY,
                                        "",
                                        prefix + "ключ" + text)
                                .get(i));
        Gen<List<String>> present = valid.mix(odd, 75).map(value -> List.of(name + ": " + value));
        return Generate.frequency(List.of(Pair.of(1, present), Pair.of(1, Generate.constant(List.of()))));
    }

    /** No request id, a safe one (echoed), or one the contract replaces: too long, odd characters, empty, twice. */
    static Gen<List<String>> requestIds() {
        Gen<String> safe = strings()
                .betweenCodePoints('-', 'z')
                .ofLengthBetween(1, 128)
                .map(s -> s.replaceAll("[^A-Za-z0-9._-]", "_"));
        // Each unsafe id holds, inside it (the edges of a header value are trimmed), a character the contract does
        // not echo, or is too long: a marker in it must never come back or reach a log.
        Gen<String> bad = Generate.pick(
                List.of(" ", "\t", "é", "/", ":", "<", "\"", "%", ";", ",", "\u0001", "\u007f", "日", "\u0000"));
        Gen<String> unsafe = FuzzText.marker()
                .zip(
                        bad,
                        integers().between(0, 3),
                        (mark, c, i) -> List.of(
                                        mark.substring(0, 2) + c + mark.substring(2),
                                        "ok-" + mark + c + "x",
                                        mark + "x".repeat(130),
                                        "")
                                .get(i));
        Gen<List<String>> one = safe.mix(unsafe, 60).map(id -> List.of(id));
        Gen<List<String>> two = safe.zip(unsafe, (a, b) -> List.of(a, b));
        return Generate.frequency(List.of(Pair.of(6, one), Pair.of(1, two), Pair.of(2, Generate.constant(List.of()))));
    }

    /** The key a credential line presents, as the gateway reads it (after {@code Bearer }, trimmed). */
    private static String presented(String line) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        if (line.startsWith("Authorization:")) {
            return value.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? value.substring(7).trim()
                    : "";
        }
        return value;
    }
}
