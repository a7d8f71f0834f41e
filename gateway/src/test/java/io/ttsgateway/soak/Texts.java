package io.ttsgateway.soak;

import java.util.SplittableRandom;

/** Texts to speak: mostly sentences, sometimes with characters outside the BMP, accents, quotes and padding. */
final class Texts {

    private static final String[] WORDS = {
        "the",
        "gateway",
        "speaks",
        "every",
        "sentence",
        "clearly",
        "and",
        "budgets",
        "count",
        "each",
        "character",
        "Phoenix",
        "answers",
        "first",
        "then",
        "ElevenLabs",
        "streams",
        "audio",
        "quickly",
        "to",
        "callers"
    };
    private static final String[] SPICE = {"é", "straße", "日本語", "😀", "🎧", "\"quoted\"", "back\\slash", "Ω", "naïve"};

    private Texts() {}

    static String random(SplittableRandom random) {
        int p = random.nextInt(100);
        int target = p < 30 ? 1 + random.nextInt(40) : p < 90 ? 40 + random.nextInt(260) : 300 + random.nextInt(900);
        StringBuilder text = new StringBuilder();
        while (text.codePointCount(0, text.length()) < target) {
            if (!text.isEmpty()) {
                text.append(random.nextInt(12) == 0 ? ", " : " ");
            }
            text.append(
                    random.nextInt(10) == 0
                            ? SPICE[random.nextInt(SPICE.length)]
                            : WORDS[random.nextInt(WORDS.length)]);
        }
        text.append('.');
        return switch (random.nextInt(6)) {
            case 0 -> "  " + text + "\n";
            case 1 -> "\t" + text;
            default -> text.toString();
        };
    }

    /** What a text costs (API.md §4): the code points of the trimmed text, trimmed as the gateway trims it. */
    static int charged(String text) {
        String trimmed = text.strip();
        return trimmed.codePointCount(0, trimmed.length());
    }

    /** The text as a JSON string literal. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
