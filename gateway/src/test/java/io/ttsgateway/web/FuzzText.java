package io.ttsgateway.web;

import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text a caller controls, each piece carrying a recognizable marker ({@value #MARK} and a number) among the
 * characters that break naive code: control characters, lone surrogates, bidirectional overrides, markup, format
 * strings, template and injection probes.
 */
final class FuzzText {

    /** Every fuzzed text value contains this; no log line may. */
    static final String MARK = "FZMK";

    /** Pieces of a JSON string, already escaped as JSON writes them. */
    private static final List<String> JSON_PIECES = List.of(
            "",
            " ",
            "\\t",
            "\\n",
            "\\r\\n",
            "\\u0000",
            "\\u0007",
            "\\u001b[31m",
            "\\u007f",
            "\\u0085",
            "\\u2028",
            "\\u202e",
            "\\u200f",
            "\\ud800",
            "\\udfff",
            "\\ud83d\\ude00",
            "\uD83D\uDE00",
            "é",
            "日本語",
            "\\\"",
            "\\\\",
            "\\/",
            "<b>",
            "</script>",
            "%00",
            "%s%n",
            "${jndi:ldap://x}",
            "{{7*7}}",
            "' OR 1=1 --",
            "Hello.",
            "…",
            "\u00a0");

    /** Pieces of a header value or query parameter, raw: control characters, Latin-1 and beyond. */
    private static final List<String> RAW_PIECES = List.of(
            "",
            " ",
            "\t",
            "\u0000",
            "\u0001",
            "\u000b",
            "\u007f",
            "\u0085",
            "é",
            "\u00ff",
            "日本",
            "\uD83D\uDE00",
            "\"",
            "\\",
            ";",
            ",",
            "=",
            "<",
            "%",
            "%00",
            "%zz",
            "\r",
            "\n");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FuzzText() {}

    static Gen<String> marker() {
        return integers().between(100_000, 999_999).map(n -> MARK + n);
    }

    /** The inside of a JSON string (escaped), mostly short, sometimes around the 5,000-character text limit. */
    static Gen<String> jsonText() {
        Gen<String> piece = Generate.pick(JSON_PIECES);
        Gen<String> shortText = piece.zip(marker(), piece, piece, (a, mark, b, c) -> a + mark + b + c);
        Gen<String> longText = marker().zip(integers().between(4_980, 5_010), (mark, n) -> mark + "x".repeat(n));
        return Generate.frequency(List.of(Pair.of(9, shortText), Pair.of(1, longText)));
    }

    /** A raw value with a marker among raw pieces: what a header value or a decoded query parameter may hold. */
    static Gen<String> rawText() {
        Gen<String> piece = Generate.pick(RAW_PIECES);
        return piece.zip(marker(), piece, (a, mark, b) -> a + mark + b);
    }

    /** The string that the JSON-escaped {@code escaped} stands for, as the gateway reads it. */
    static String unescape(String escaped) {
        return JSON.readValue("\"" + escaped + "\"", String.class);
    }

    /** The first bytes of {@code bytes}, printable, for a failure message. */
    static String preview(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return bytes.length > 200 ? out + "…" : out.toString();
    }
}
