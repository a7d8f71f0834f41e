package io.ttsgateway.web;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Request bodies a hostile or careless caller sends (API.md §10): JSON with wrong types and huge numbers, deep
 * nesting, invalid UTF-8, raw control characters, sizes at the 64 KiB limit, empty and non-JSON bodies. Every text a
 * caller writes carries a {@link FuzzText#MARK marker}, so a test can tell whether any of it reached a log.
 */
final class FuzzBodies {

    /** The largest body the API accepts (API.md §2). */
    static final int MAX_BODY = 64 * 1024;

    /** Members the surfaces read; a body that names them with the wrong types exercises every check. */
    static final List<String> FIELDS = List.of(
            "text",
            "input",
            "voice_id",
            "voice",
            "model_id",
            "model",
            "output_format",
            "response_format",
            "voice_settings",
            "language_code",
            "seed",
            "previous_text",
            "next_text",
            "apply_text_normalization",
            "ttl_seconds",
            "speed");

    private FuzzBodies() {}

    /**
     * A body as sent.
     *
     * @param kind what it was made to test
     * @param bytes exactly what goes on the wire
     * @param text the text it asks to speak when it is a well-formed request, else null
     */
    record Body(String kind, byte[] bytes, String text) {

        /** Whether every surface must serve it: well-formed, 1 to 5,000 code points once trimmed (API.md §2). */
        boolean speakable() {
            if (text == null) {
                return false;
            }
            String trimmed = text.strip();
            int length = trimmed.codePointCount(0, trimmed.length());
            return length >= 1 && length <= 5_000;
        }

        @Override
        public String toString() {
            return kind + " (" + bytes.length + " bytes): " + FuzzText.preview(bytes);
        }
    }

    static Gen<Body> bodies() {
        return Generate.frequency(List.of(
                Pair.of(4, wrongTypes()),
                Pair.of(4, wellFormed()),
                Pair.of(2, deepNesting()),
                Pair.of(2, invalidUtf8()),
                Pair.of(1, rawControlCharacters()),
                Pair.of(2, sizeEdges()),
                Pair.of(1, Generate.constant(new Body("empty", new byte[0], null))),
                Pair.of(2, notJson()),
                Pair.of(1, notAnObject()),
                Pair.of(2, hugeNumbers())));
    }

    /** A request every surface accepts: the text under both names ({@code text}, OpenAI's {@code input}). */
    static Gen<Body> wellFormed() {
        return FuzzText.jsonText().zip(optionalMembers(), (text, more) -> {
            String json = "{\"text\":\"" + text + "\",\"input\":\"" + text + "\"" + more + "}";
            return new Body("well-formed", utf8(json), FuzzText.unescape(text));
        });
    }

    private static Gen<String> optionalMembers() {
        return Generate.pick(List.of(
                "",
                ",\"voice_id\":\"narrator\"",
                ",\"output_format\":\"pcm_16000\"",
                ",\"voice_settings\":{\"stability\":0.5,\"similarity_boost\":0.75}",
                ",\"seed\":4294967295",
                ",\"model_id\":\"eleven_multilingual_v2\",\"language_code\":\"en\"",
                ",\"ttl_seconds\":300",
                ",\"response_format\":\"wav\",\"speed\":4.0",
                ",\"apply_text_normalization\":\"off\"",
                ",\"previous_text\":\"Before.\",\"next_text\":\"After.\""));
    }

    /** Known members with values of any JSON type, and unknown members, nested up to three levels. */
    static Gen<Body> wrongTypes() {
        Gen<String> member = Generate.pick(FIELDS)
                .mix(FuzzText.jsonText(), 20)
                .zip(FuzzJson.values(3), (name, value) -> "\"" + name + "\":" + value);
        return lists().of(member)
                .ofSizeBetween(0, 6)
                .map(members -> new Body("wrong-types", utf8("{" + String.join(",", members) + "}"), null));
    }

    /** Numbers past every range a field has: longs, doubles, Jackson's number-length limit. */
    static Gen<Body> hugeNumbers() {
        Gen<String> member = Generate.pick(List.of("seed", "speed", "ttl_seconds", "voice_settings", "text"))
                .zip(
                        FuzzJson.hugeNumbers(),
                        (name, number) -> name.equals("voice_settings")
                                ? "\"voice_settings\":{\"stability\":" + number + "}"
                                : "\"" + name + "\":" + number);
        return FuzzText.jsonText()
                .zip(
                        member,
                        (text, number) -> new Body(
                                "huge-number",
                                utf8("{\"text\":\"" + text + "\",\"input\":\"" + text + "\"," + number + "}"),
                                null));
    }

    /** Up to 20,000 levels of {@code [} or {@code {"a":}, closed or not, alone or inside {@code voice_settings}. */
    static Gen<Body> deepNesting() {
        Gen<Integer> depth = Generate.frequency(List.of(
                Pair.of(2, integers().between(1, 1_200)), Pair.of(1, integers().between(1_200, 20_000))));
        Gen<String> opener = Generate.pick(List.of("[", "{\"a\":", "[{\"b\":"));
        return depth.zip(opener, Generate.booleans(), Generate.booleans(), (levels, open, closed, inside) -> {
            String close = switch (open) {
                case "[" -> "]";
                case "{\"a\":" -> "}";
                default -> "}]";
            };
            String nest = open.repeat(levels) + (closed ? "1" + close.repeat(levels) : "");
            String json = inside
                    ? "{\"text\":\"deep " + FuzzText.MARK + levels + "\",\"voice_settings\":" + nest + "}"
                    : nest;
            return new Body("deep-" + levels, utf8(json), null);
        });
    }

    /** A request whose text holds bytes that are not UTF-8: stray continuations, overlong forms, surrogates. */
    static Gen<Body> invalidUtf8() {
        Gen<byte[]> bad = Generate.pick(List.of(
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xC3}));
        return FuzzText.jsonText().zip(bad, Generate.booleans(), (text, bytes, inKey) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(utf8(inKey ? "{\"te" : "{\"text\":\"" + text));
            out.writeBytes(bytes);
            out.writeBytes(utf8(inKey ? "xt\":\"" + text + "\"}" : text + "\"}"));
            return new Body("invalid-utf8", out.toByteArray(), null);
        });
    }

    /** Control characters written raw inside a string, which JSON forbids. */
    static Gen<Body> rawControlCharacters() {
        return FuzzText.jsonText()
                .zip(
                        integers().between(0, 0x1F),
                        (text, control) -> new Body(
                                "raw-control",
                                utf8("{\"text\":\"" + text + (char) (int) control + text + "\"}"),
                                null));
    }

    /** Well-formed requests padded to 64 KiB and a few bytes either side, with white space or an unknown member. */
    static Gen<Body> sizeEdges() {
        Gen<Integer> size = Generate.pick(
                List.of(MAX_BODY - 2, MAX_BODY - 1, MAX_BODY, MAX_BODY + 1, MAX_BODY + 2, 2 * MAX_BODY, 4 * MAX_BODY));
        return FuzzText.jsonText().zip(size, Generate.booleans(), (text, total, spaces) -> {
            String head = "{\"text\":\"" + text + "\",\"input\":\"" + text + "\"";
            int room = total - utf8(head).length - 1;
            String padding =
                    spaces ? " ".repeat(Math.max(0, room)) : ",\"x\":\"" + "p".repeat(Math.max(0, room - 7)) + "\"";
            byte[] bytes = utf8(head + padding + "}");
            return new Body("size-" + bytes.length, bytes, bytes.length <= MAX_BODY ? FuzzText.unescape(text) : null);
        });
    }

    /** Bodies that are not JSON at all, or JSON with something wrong around it. */
    static Gen<Body> notJson() {
        Gen<String> shapes = FuzzText.jsonText()
                .zip(
                        integers().between(0, 14),
                        (text, i) -> List.of(
                                        text,
                                        "<speak>" + text + "</speak>",
                                        "text=" + text,
                                        "{\"text\":\"" + text + "\"} trailing",
                                        "{\"text\":\"" + text + "\"}{\"text\":\"" + text + "\"}",
                                        "\uFEFF{\"text\":\"" + text + "\"}",
                                        "{'text':'" + text + "'}",
                                        "{\"text\":\"" + text + "\" /* comment */}",
                                        "{\"text\":\"" + text + "\",}",
                                        "{\"text\": NaN, \"input\":\"" + text + "\"}",
                                        "{\"text\":\"" + text + "\"",
                                        "\"" + text,
                                        "{\"text\":\"" + text + "\",\"speed\":Infinity}",
                                        "{text:\"" + text + "\"}",
                                        "\u0000")
                                .get(i));
        Gen<Body> text = shapes.map(s -> new Body("not-json", utf8(s), null));
        Gen<Body> bytes = Generate.byteArrays(
                        integers().between(1, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                .map(b -> new Body("random-bytes", b, null));
        return text.mix(bytes, 30);
    }

    /** Well-formed JSON that is not an object. */
    static Gen<Body> notAnObject() {
        return FuzzText.jsonText()
                .zip(
                        integers().between(0, 6),
                        (text, i) -> List.of(
                                        "[]",
                                        "\"" + text + "\"",
                                        "123",
                                        "true",
                                        "null",
                                        "[{\"text\":\"" + text + "\"}]",
                                        "-1e999")
                                .get(i))
                .map(s -> new Body("not-an-object", utf8(s), null));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
