package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The cache key is complete (API.md §9): a change to any field the contract lists makes another key, while white
 * space and Unicode normalization variants of the text make the same one. Property-based: each property is checked
 * on generated requests, with a fixed seed so a failure reproduces.
 */
class CacheKeysTest {

    private static final CacheKeys KEYS = new CacheKeys("0123456789abcdef0123456789abcdef".getBytes());

    /** Every field §9 lists, each with how to change it. */
    private static final List<Change> CHANGES = List.of(
            new Change("scope", r -> with(r, "client:other", null, null, null, null)),
            new Change("voice", r -> with(r, null, r.voice() + "x", null, null, null)),
            new Change("output_format", r -> with(r, null, null, "pcm_16000", null, null)),
            new Change("variant (timestamps/visemes)", r -> with(r, null, null, null, "timestamps+oculus", null)),
            new Change("text", r -> with(r, null, null, null, null, r.text() + "!")),
            new Change(
                    "text case", r -> with(r, null, null, null, null, r.text().toUpperCase() + "A")),
            new Change("model_id", r -> option(r, "model_id", r.options().get("model_id") + "-2")),
            new Change(
                    "language_code", r -> option(r, "language_code", r.options().get("language_code") + "x")),
            new Change("seed", r -> option(r, "seed", (Long) r.options().get("seed") + 1)),
            new Change(
                    "previous_text", r -> option(r, "previous_text", r.options().get("previous_text") + ".")),
            new Change("next_text", r -> option(r, "next_text", r.options().get("next_text") + ".")),
            new Change(
                    "apply_text_normalization",
                    r -> option(
                            r,
                            "apply_text_normalization",
                            "off".equals(r.options().get("apply_text_normalization")) ? "on" : "off")),
            new Change("voice_settings.stability", r -> setting(r, "stability", 0.123)),
            new Change("voice_settings.similarity_boost", r -> setting(r, "similarity_boost", 0.987)),
            new Change("voice_settings.style", r -> setting(r, "style", 0.555)),
            new Change("voice_settings.speed", r -> setting(r, "speed", 1.234)),
            new Change(
                    "voice_settings.use_speaker_boost",
                    r -> setting(
                            r,
                            "use_speaker_boost",
                            !Boolean.TRUE.equals(settings(r).get("use_speaker_boost")))),
            new Change("an option left out", r -> withoutOption(r, "seed")),
            new Change("an option added", r -> option(r, "some_future_option", "x")));

    record Change(String field, UnaryOperator<CacheableRequest> apply) {
        @Override
        public String toString() {
            return field;
        }
    }

    @Test
    void shouldGiveAnotherKeyWhenAnyListedFieldChanges() {
        qt().forAll(requests(), integers().between(0, CHANGES.size() - 1)).checkAssert((request, which) -> {
            Change change = CHANGES.get(which);
            assertThat(KEYS.key(change.apply().apply(request)))
                    .as("changing %s", change)
                    .isNotEqualTo(KEYS.key(request));
        });
    }

    @Test
    void shouldGiveTheSameKeyForWhiteSpaceAndNormalizationVariantsOfTheText() {
        qt().forAll(requests(), whiteSpaceRuns(), Generate.booleans()).checkAssert((request, runs, decompose) -> {
            String[] words = request.text().split(" ");
            StringBuilder variant = new StringBuilder(runs.get(0));
            for (int i = 0; i < words.length; i++) {
                variant.append(words[i]).append(runs.get((i + 1) % runs.size()));
            }
            String text =
                    decompose ? Normalizer.normalize(variant.toString(), Normalizer.Form.NFD) : variant.toString();
            assertThat(KEYS.key(with(request, null, null, null, null, text)))
                    .as("text %s", text)
                    .isEqualTo(KEYS.key(request));
        });
    }

    @Test
    void shouldKeyNumbersByValueAndMapsByContentNotOrder() {
        qt().forAll(requests()).checkAssert(request -> {
            Map<String, Object> reordered = new LinkedHashMap<>();
            List<String> names = List.copyOf(settings(request).keySet());
            for (int i = names.size() - 1; i >= 0; i--) {
                reordered.put(names.get(i), settings(request).get(names.get(i)));
            }
            reordered.put(
                    "stability",
                    new java.math.BigDecimal(settings(request).get("stability").toString() + "00"));
            CacheableRequest same = option(request, "voice_settings", reordered);
            same = option(
                    same,
                    "seed",
                    Long.valueOf((Long) request.options().get("seed")).intValue() < 0
                            ? request.options().get("seed")
                            : request.options().get("seed"));
            assertThat(KEYS.key(same)).isEqualTo(KEYS.key(request));
        });
        assertThat(CacheKeys.canonicalValue(1)).isEqualTo(CacheKeys.canonicalValue(1L));
        assertThat(CacheKeys.canonicalValue(1.0)).isEqualTo(CacheKeys.canonicalValue(1));
        assertThat(CacheKeys.canonicalValue(0.5)).isEqualTo(CacheKeys.canonicalValue(new java.math.BigDecimal("0.50")));
        assertThat(CacheKeys.canonicalValue("1")).isNotEqualTo(CacheKeys.canonicalValue(1));
        assertThat(CacheKeys.canonicalValue(true)).isNotEqualTo(CacheKeys.canonicalValue("true"));
    }

    @Test
    void shouldBeHexAndDependOnTheSecret() {
        qt().forAll(requests()).checkAssert(request -> {
            String key = KEYS.key(request);
            assertThat(key).matches("[0-9a-f]{64}");
            CacheKeys other = new CacheKeys("another secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8));
            assertThat(other.key(request)).isNotEqualTo(key);
        });
    }

    @Test
    void shouldNotTakeZeroWidthCharactersForWhiteSpace() {
        CacheableRequest spaced = new CacheableRequest("shared", "v", "mp3_44100_128", "audio", Map.of(), "a b");
        CacheableRequest joined = new CacheableRequest("shared", "v", "mp3_44100_128", "audio", Map.of(), "a\u200bb");
        assertThat(KEYS.key(joined)).isNotEqualTo(KEYS.key(spaced));
    }

    @Test
    void shouldKeepFieldsFromRunningIntoEachOther() {
        CacheableRequest a = new CacheableRequest("shared", "ab", "mp3_44100_128", "audio", Map.of(), "c");
        CacheableRequest b = new CacheableRequest("shared", "a", "mp3_44100_128", "audio", Map.of(), "bc");
        assertThat(KEYS.key(a)).isNotEqualTo(KEYS.key(b));
    }

    // --- generators --------------------------------------------------------------------------------------------

    private static QuickTheory qt() {
        return QuickTheory.qt().withFixedSeed(20261129L).withExamples(300);
    }

    /** Requests with every option §9 lists set, and text of words with accents (composed) between single spaces. */
    static Gen<CacheableRequest> requests() {
        Gen<String> word = strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 8);
        Gen<String> accented = word.map(w -> w + "\u00e9");
        Gen<List<String>> words = lists().of(
                        Generate.pick(List.of(0, 1)).zip(word, accented, (pick, w, a) -> pick == 0 ? w : a))
                .ofSizeBetween(1, 8);
        Gen<Map<String, Object>> options = strings()
                .betweenCodePoints('a', 'z')
                .ofLengthBetween(1, 6)
                .zip(
                        longs().between(0, 4_294_967_294L),
                        doubles().between(0, 1),
                        Generate.booleans(),
                        (s, seed, d, b) -> {
                            Map<String, Object> settings = new LinkedHashMap<>();
                            settings.put("stability", Math.round(d * 100) / 100.0);
                            settings.put("similarity_boost", 0.75);
                            settings.put("style", 0.0);
                            settings.put("speed", 1.0);
                            settings.put("use_speaker_boost", b);
                            Map<String, Object> o = new HashMap<>();
                            o.put("model_id", "eleven_" + s);
                            o.put("language_code", s.substring(0, 1) + "n");
                            o.put("seed", seed);
                            o.put("previous_text", "Before " + s);
                            o.put("next_text", "After " + s);
                            o.put("apply_text_normalization", b ? "auto" : "off");
                            o.put("voice_settings", settings);
                            return o;
                        });
        return words.zip(
                options,
                strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 10),
                (w, o, voice) -> new CacheableRequest(
                        "client:alpha", voice, "mp3_44100_128", CacheableRequest.AUDIO, o, String.join(" ", w)));
    }

    /** Runs of white space of many kinds: spaces, tabs, line breaks, no-break and ideographic spaces. */
    static Gen<List<String>> whiteSpaceRuns() {
        Gen<String> one = Generate.pick(List.of(" ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u000b"));
        Gen<String> run = lists().of(one).ofSizeBetween(1, 4).map(parts -> String.join("", parts));
        return lists().of(run).ofSizeBetween(1, 5);
    }

    // --- changes -----------------------------------------------------------------------------------------------

    private static CacheableRequest with(
            CacheableRequest r, String scope, String voice, String format, String variant, String text) {
        return new CacheableRequest(
                scope == null ? r.scope() : scope,
                voice == null ? r.voice() : voice,
                format == null ? r.format() : format,
                variant == null ? r.variant() : variant,
                r.options(),
                text == null ? r.text() : text);
    }

    private static CacheableRequest option(CacheableRequest r, String name, Object value) {
        Map<String, Object> options = new HashMap<>(r.options());
        options.put(name, value);
        return new CacheableRequest(r.scope(), r.voice(), r.format(), r.variant(), options, r.text());
    }

    private static CacheableRequest withoutOption(CacheableRequest r, String name) {
        Map<String, Object> options = new HashMap<>(r.options());
        options.remove(name);
        return new CacheableRequest(r.scope(), r.voice(), r.format(), r.variant(), options, r.text());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(CacheableRequest r) {
        return (Map<String, Object>) r.options().get("voice_settings");
    }

    private static CacheableRequest setting(CacheableRequest r, String name, Object value) {
        Map<String, Object> settings = new LinkedHashMap<>(settings(r));
        settings.put(name, value);
        if (value.equals(settings(r).get(name))) {
            settings.put(name, value instanceof Double d ? d + 0.001 : value);
        }
        return option(r, "voice_settings", settings);
    }
}
