package io.ttsgateway.web;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.ttsgateway.testing.RawHttp;
import io.ttsgateway.testing.TestClients;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Whole requests as bytes on one connection (API.md §10): several pipelined in one write, and request framing shaped
 * like request smuggling — {@code Transfer-Encoding} other than {@code chunked}, with {@code Content-Length}, twice,
 * folded, with broken chunk sizes — each followed by a second request hidden in its body.
 */
final class FuzzWire {

    private static final String KEY = "Authorization: Bearer " + TestClients.ALPHA_KEY;
    private static final String JSON = "Content-Type: application/json";

    private FuzzWire() {}

    /**
     * One request of a pipeline.
     *
     * @param kind what it is, for a failure message
     * @param bytes the request as written
     * @param requestId the id it carries, which its answer must echo
     * @param expected the status it must get
     */
    record Piped(String kind, byte[] bytes, String requestId, int expected, boolean closes) {

        @Override
        public String toString() {
            return kind + "#" + requestId + (closes ? " (Connection: close)" : "");
        }
    }

    /** Two to six requests of different kinds, each with its own id; the last may ask to close the connection. */
    static Gen<List<Piped>> pipelines() {
        return lists().of(integers().between(0, 7))
                .ofSizeBetween(2, 6)
                .zip(FuzzText.marker(), Generate.booleans(), (kinds, mark, close) -> {
                    List<Piped> requests = new ArrayList<>();
                    for (int i = 0; i < kinds.size(); i++) {
                        boolean closes = close && i == kinds.size() - 1;
                        requests.add(piped(
                                kinds.get(i),
                                "pipe-" + i + "-" + mark.substring(FuzzText.MARK.length()),
                                mark,
                                closes));
                    }
                    return requests;
                });
    }

    private static Piped piped(int kind, String id, String mark, boolean closes) {
        List<String> common = new ArrayList<>(List.of("Host: gateway", "X-Request-Id: " + id));
        if (closes) {
            common.add("Connection: close");
        }
        byte[] speak = FuzzBodies.utf8("{\"text\":\"pipelined " + mark + "\"}");
        return switch (kind) {
            case 0 -> new Piped("tts", post("/v1/tts", with(common, KEY, JSON), speak), id, 200, closes);
            case 1 -> new Piped("stream", post("/v1/tts/stream", with(common, KEY, JSON), speak), id, 200, closes);
            case 2 -> new Piped("no-key", post("/v1/tts", with(common, JSON), speak), id, 401, closes);
            case 3 ->
                new Piped(
                        "bad-json",
                        post("/v1/tts", with(common, KEY, JSON), FuzzBodies.utf8("{\"text\":" + mark)),
                        id,
                        400,
                        closes);
            case 4 -> new Piped("health", RawHttp.request("GET", "/health", common, new byte[0]), id, 200, closes);
            case 5 ->
                new Piped(
                        "voices",
                        RawHttp.request("GET", "/v1/voices", with(common, KEY), new byte[0]),
                        id,
                        200,
                        closes);
            case 6 ->
                new Piped(
                        "not-json",
                        post("/v1/tts", with(common, KEY, "Content-Type: text/plain"), speak),
                        id,
                        415,
                        closes);
            default ->
                new Piped("bad-path", post("/v1/tts;x=" + mark, with(common, KEY, JSON), speak), id, 400, closes);
        };
    }

    /**
     * Request framing a careful server refuses or reads one way only.
     *
     * @param name what it is
     * @param headers the framing headers
     * @param body the body as written, framed by them or not
     * @param transferEncodingOtherThanChunked whether the contract refuses it with 400 and closes (API.md §10)
     */
    record Framing(String name, List<String> headers, byte[] body, boolean transferEncodingOtherThanChunked) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every smuggling-shaped framing, with a small speech request as the body. */
    static Gen<Framing> framings() {
        return FuzzText.marker().zip(integers().between(0, 26), (mark, i) -> framing(i, mark));
    }

    /** Transfer-Encoding values other than exactly {@code chunked}, which the contract refuses (API.md §10). */
    static Gen<Framing> otherTransferEncodings() {
        return framings().assuming(Framing::transferEncodingOtherThanChunked);
    }

    static Framing framing(int i, String mark) {
        String json = "{\"text\":\"framed " + mark + "\"}";
        byte[] chunked = FuzzBodies.utf8(Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");
        String length = "Content-Length: " + json.length();
        return switch (i) {
            case 0 -> te("chunked, xchunked", List.of("Transfer-Encoding: chunked, xchunked"), chunked, true);
            case 1 -> te("xchunked", List.of("Transfer-Encoding: xchunked"), chunked, true);
            case 2 -> te("chunked and Content-Length", List.of("Transfer-Encoding: chunked", length), chunked, true);
            case 3 ->
                te("chunked twice", List.of("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"), chunked, true);
            case 4 -> te("chunked, chunked", List.of("Transfer-Encoding: chunked, chunked"), chunked, true);
            case 5 -> te("space before colon", List.of("Transfer-Encoding : chunked"), chunked, true);
            case 6 -> te("tab before value", List.of("Transfer-Encoding:\tchunked"), chunked, false);
            case 7 -> te("vertical tab", List.of("Transfer-Encoding: \u000bchunked"), chunked, true);
            case 8 -> te("folded", List.of("Transfer-Encoding:", " chunked"), chunked, true);
            case 9 -> te("identity", List.of("Transfer-Encoding: identity", length), FuzzBodies.utf8(json), true);
            case 10 -> te("gzip, chunked", List.of("Transfer-Encoding: gzip, chunked"), chunked, true);
            case 11 -> te("chunked with parameter", List.of("Transfer-Encoding: chunked;x=1"), chunked, true);
            case 12 -> te("chunked, identity", List.of("Transfer-Encoding: chunked, identity"), chunked, true);
            case 13 ->
                te(
                        "Content-Length twice, differing",
                        List.of(length, "Content-Length: 3"),
                        FuzzBodies.utf8(json),
                        false);
            case 14 -> te("Content-Length twice, same", List.of(length, length), FuzzBodies.utf8(json), false);
            case 15 ->
                te(
                        "Content-Length with sign",
                        List.of("Content-Length: +" + json.length()),
                        FuzzBodies.utf8(json),
                        false);
            case 16 ->
                te(
                        "Content-Length in hex",
                        List.of("Content-Length: 0x" + Integer.toHexString(json.length())),
                        FuzzBodies.utf8(json),
                        false);
            case 17 ->
                te(
                        "Content-Length list",
                        List.of("Content-Length: " + json.length() + ", " + json.length()),
                        FuzzBodies.utf8(json),
                        false);
            case 18 ->
                te(
                        "Content-Length past long",
                        List.of("Content-Length: 99999999999999999999"),
                        FuzzBodies.utf8(json),
                        false);
            case 19 ->
                te(
                        "chunk size not hex",
                        List.of("Transfer-Encoding: chunked"),
                        FuzzBodies.utf8("zz\r\n" + json + "\r\n0\r\n\r\n"),
                        false);
            case 20 ->
                te(
                        "chunk size negative",
                        List.of("Transfer-Encoding: chunked"),
                        FuzzBodies.utf8("-1\r\n" + json + "\r\n0\r\n\r\n"),
                        false);
            case 21 ->
                te(
                        "chunk size past long",
                        List.of("Transfer-Encoding: chunked"),
                        FuzzBodies.utf8("fffffffffffffffff\r\n" + json + "\r\n0\r\n\r\n"),
                        false);
            case 22 ->
                te(
                        "chunk size too small",
                        List.of("Transfer-Encoding: chunked"),
                        FuzzBodies.utf8("5\r\n" + json + "\r\n0\r\n\r\n"),
                        false);
            case 23 ->
                te(
                        "chunk extension",
                        List.of("Transfer-Encoding: chunked"),
                        FuzzBodies.utf8(
                                Integer.toHexString(json.length()) + ";" + mark + "=1\r\n" + json + "\r\n0\r\n\r\n"),
                        false);
            case 24 -> te("body past Content-Length: 0", List.of("Content-Length: 0"), FuzzBodies.utf8(json), false);
            case 25 -> te("chunked in upper case", List.of("Transfer-Encoding: CHUNKED"), chunked, false);
            default ->
                te(
                        "chunked, then chunked in a trailer",
                        List.of("Transfer-Encoding: chunked"),
                        FuzzBodies.utf8(Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n"),
                        false);
        };
    }

    /**
     * The framed request, with a second request (no key, an id of its own) written right after its body. The second
     * does not ask to close: a pipelined {@code Connection: close} makes the server close after the first answer.
     */
    static byte[] withSmuggled(Framing framing, String smuggledId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> headers = new ArrayList<>(List.of("Host: gateway", KEY, JSON));
        headers.addAll(framing.headers());
        out.writeBytes(RawHttp.request("POST", "/v1/tts", headers, framing.body()));
        out.writeBytes(RawHttp.request(
                "GET", "/v1/usage", List.of("Host: gateway", "X-Request-Id: " + smuggledId), new byte[0]));
        return out.toByteArray();
    }

    private static Framing te(String name, List<String> headers, byte[] body, boolean otherThanChunked) {
        return new Framing(name, headers, body, otherThanChunked);
    }

    private static List<String> with(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all;
    }

    private static byte[] post(String path, List<String> headers, byte[] body) {
        List<String> all = new ArrayList<>(headers);
        all.add("Content-Length: " + body.length);
        return RawHttp.request("POST", path, all, body);
    }
}
