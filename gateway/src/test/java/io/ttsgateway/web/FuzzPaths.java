package io.ttsgateway.web;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Request targets as a hostile caller writes them (API.md §10): the gateway's own paths bent by {@code ;}
 * parameters, encoded {@code /} and {@code \}, {@code .} and {@code ..} segments, {@code //}, broken and valid
 * {@code %} escapes, case, length and bytes beyond ASCII, with query strings of the same kind.
 */
final class FuzzPaths {

    /** Paths that answer without a key (API.md §2 "Operations", the page and its files). */
    static final Set<String> PUBLIC = Set.of(
            "/",
            "/index.html",
            "/app.js",
            "/app.css",
            "/health",
            "/ready",
            "/actuator/health",
            "/actuator/prometheus",
            "/actuator/info");

    private static final List<String> BASES = List.of(
            "/v1/tts",
            "/v1/tts/stream",
            "/v1/tts/tokens",
            "/v1/voices",
            "/v1/usage",
            "/v1/text-to-speech/narrator",
            "/v1/text-to-speech/narrator/stream",
            "/v1/audio/speech",
            "/health",
            "/ready",
            "/",
            "/app.js",
            "/actuator/prometheus",
            "/v1/nothing");

    private FuzzPaths() {}

    /**
     * One request target.
     *
     * @param target path and query exactly as written on the request line
     * @param canonical false when a mutation made a spelling the contract refuses ({@code ;}, encoded {@code /} or
     *     {@code \}, dot segments, {@code //}, a broken escape)
     */
    record Target(String target, boolean canonical) {

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        /** The path with its escapes decoded, as a router reads it; as written when they cannot be decoded. */
        String decodedPath() {
            try {
                return URLDecoder.decode(path().replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException broken) {
                return path();
            }
        }

        @Override
        public String toString() {
            return FuzzText.preview(target.getBytes(StandardCharsets.UTF_8)) + (canonical ? "" : " (non-canonical)");
        }
    }

    /** One change to a path; {@code canonical} says whether the result is still a spelling the contract accepts. */
    private record Mutation(String name, boolean canonical, String insert) {}

    static Gen<Target> targets() {
        Gen<List<Mutation>> mutations = lists().of(mutation()).ofSizeBetween(0, 3);
        Gen<List<Integer>> places = lists().of(integers().between(0, 1_000)).ofSize(3);
        return Generate.pick(BASES).zip(mutations, places, queries(), (base, changes, at, query) -> {
            String path = base;
            boolean canonical = true;
            for (int i = 0; i < changes.size(); i++) {
                Mutation change = changes.get(i);
                path = apply(path, change, at.get(i));
                canonical &= change.canonical();
            }
            return new Target(path + query, canonical);
        });
    }

    private static Gen<Mutation> mutation() {
        Gen<Mutation> refused = Generate.pick(List.of(
                new Mutation("param", false, ";a=b"),
                new Mutation("param", false, ";"),
                new Mutation("encoded-slash", false, "%2f"),
                new Mutation("encoded-slash", false, "%2F"),
                new Mutation("encoded-backslash", false, "%5c"),
                new Mutation("encoded-backslash", false, "%5C"),
                new Mutation("encoded-semicolon", false, "%3b"),
                new Mutation("dot", false, "/."),
                new Mutation("dots", false, "/.."),
                new Mutation("dots", false, "/%2e%2e"),
                new Mutation("dots", false, "/.%2E"),
                new Mutation("double-slash", false, "/"),
                new Mutation("broken-escape", false, "%"),
                new Mutation("broken-escape", false, "%g1"),
                new Mutation("broken-escape", false, "%2"),
                new Mutation("broken-escape", false, "%zz"),
                new Mutation("encoded-control", false, "%00"),
                new Mutation("encoded-control", false, "%0d%0a"),
                new Mutation("backslash", false, "\\")));
        Gen<Mutation> accepted = FuzzText.marker()
                .zip(
                        integers().between(0, 6),
                        integers().between(50, 6_000),
                        (mark, i, n) -> List.of(
                                        new Mutation("segment", true, "/" + mark),
                                        new Mutation("long-segment", true, "/" + mark + "x".repeat(n)),
                                        new Mutation("encoded-letter", true, "%74"),
                                        new Mutation("upper", true, "UPPER"),
                                        new Mutation("non-ascii", true, "é" + mark),
                                        new Mutation("encoded-utf8", true, "%C3%A9"),
                                        new Mutation("overlong-utf8", true, "%c0%ae"))
                                .get(i));
        Gen<Mutation> rawSpace = FuzzText.marker().map(mark -> new Mutation("raw-space", false, " " + mark));
        return Generate.frequency(List.of(Pair.of(8, refused), Pair.of(4, accepted), Pair.of(1, rawSpace)));
    }

    private static String apply(String path, Mutation change, int at) {
        if (change.name().equals("upper")) {
            return path.toUpperCase(java.util.Locale.ROOT);
        }
        if (change.name().equals("double-slash")) {
            int slash = nthSlash(path, at);
            return path.substring(0, slash) + "/" + path.substring(slash);
        }
        if (change.insert().startsWith("/")) {
            int slash = nthSlash(path, at);
            return path.substring(0, slash) + change.insert() + path.substring(slash);
        }
        int place = 1 + at % Math.max(1, path.length() - 1);
        return path.substring(0, place) + change.insert() + path.substring(place);
    }

    /** The index of one of the path's slashes, chosen by {@code at}. */
    private static int nthSlash(String path, int at) {
        List<Integer> slashes = new ArrayList<>();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                slashes.add(i);
            }
        }
        return slashes.get(at % slashes.size());
    }

    /** No query, or parameters with marked values, keys the gateway reads, keys it refuses, and broken escapes. */
    static Gen<String> queries() {
        Gen<String> name = Generate.pick(List.of(
                "text",
                "voice_id",
                "output_format",
                "token",
                "key",
                "api_key",
                "xi_api_key",
                "access_token",
                "model_id",
                "%",
                "",
                "a%zzb"));
        Gen<String> value = FuzzText.rawText()
                .zip(
                        integers().between(0, 5),
                        (text, i) -> List.of(
                                        URLEncoder.encode(text, StandardCharsets.UTF_8),
                                        "%zz",
                                        "%",
                                        "pcm_16000",
                                        "",
                                        URLEncoder.encode(text, StandardCharsets.UTF_8)
                                                .repeat(40))
                                .get(i));
        Gen<String> parameter = name.zip(value, (n, v) -> n + "=" + v);
        Gen<String> some = lists().of(parameter).ofSizeBetween(1, 4).map(ps -> "?" + String.join("&", ps));
        return Generate.frequency(List.of(
                Pair.of(1, Generate.constant("")),
                Pair.of(1, some),
                Pair.of(1, Generate.pick(List.of("?", "?&&", "?=", "?a", "?;", "?#frag")))));
    }
}
