package io.ttsgateway.provider.local;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local engine's answer with timestamps (API.md §7), in ElevenLabs' shape, from the phones it spoke: one object per
 * sentence. {@code alignment} spreads each token of the text ("42", "Hello") over the time of the words it was read as;
 * {@code normalized_alignment} does the same for those words ("forty two"); the characters between tokens get the
 * time between them. Beside them, {@code phones}: the engine's own phones and times, from which the gateway takes
 * the visemes rather than guessing them from words. Times are seconds from the start of the whole answer. Pure.
 */
final class LocalTimings {

    private LocalTimings() {}

    /**
     * Each sentence as it stands in the text, with the white space before it, so that the lines' characters together
     * are every character of the text (API.md §7), not only those of the sentences the engine was given.
     */
    static List<String> asWritten(String text, List<String> sentences) {
        List<String> written = new ArrayList<>(sentences.size());
        int cursor = 0;
        for (String sentence : sentences) {
            int end = matchIgnoringWhiteSpace(text, cursor, sentence);
            if (end < 0) {
                written.add(sentence);
                continue;
            }
            written.add(text.substring(cursor, end));
            cursor = end;
        }
        return written;
    }

    /**
     * Where {@code sentence} ends in {@code text} when read from {@code from}, white space aside (the splitter joins
     * short pieces with one space where the text may have a line break or two spaces); -1 when it does not match.
     */
    private static int matchIgnoringWhiteSpace(String text, int from, String sentence) {
        int t = from;
        for (int s = 0; s < sentence.length(); s++) {
            char c = sentence.charAt(s);
            if (Character.isWhitespace(c)) {
                continue;
            }
            while (t < text.length() && Character.isWhitespace(text.charAt(t))) {
                t++;
            }
            if (t >= text.length() || text.charAt(t) != c) {
                return -1;
            }
            t++;
        }
        return t;
    }

    /**
     * One sentence's object: its audio, and its alignments and phones moved by {@code offset} seconds. No time passes
     * the sentence's audio ({@code duration}): FreeTTS's closing pause may be longer in its plan than in its samples.
     */
    static ObjectNode sentence(
            String sentence, List<PhoneCapture.Phone> planned, double offset, double duration, byte[] audio) {
        List<PhoneCapture.Phone> phones = planned.stream()
                .map(p -> new PhoneCapture.Phone(
                        p.name(),
                        Math.min(p.start(), duration),
                        Math.min(p.end(), duration),
                        p.word(),
                        p.wordIndex(),
                        p.token(),
                        p.tokenIndex()))
                .toList();
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("audio_base64", Base64.getEncoder().encodeToString(audio));
        List<Span> tokens = spans(phones, true);
        List<Span> words = spans(phones, false);
        double end = phones.isEmpty() ? 0 : phones.get(phones.size() - 1).end();
        line.set("alignment", alignment(sentence, tokens, end, offset));
        StringBuilder spoken = new StringBuilder();
        for (Span word : words) {
            spoken.append(spoken.isEmpty() ? "" : " ").append(word.text());
        }
        line.set("normalized_alignment", alignment(spoken.toString(), words, end, offset));
        ObjectNode phoneTimes = line.putObject("phones");
        ArrayNode names = phoneTimes.putArray("names");
        ArrayNode starts = phoneTimes.putArray("start_times_seconds");
        ArrayNode ends = phoneTimes.putArray("end_times_seconds");
        for (PhoneCapture.Phone phone : phones) {
            names.add(phone.name());
            starts.add(round(offset + phone.start()));
            ends.add(round(offset + phone.end()));
        }
        return line;
    }

    /**
     * The sentences of a WAV answer as one object: a WAV file needs its length in its header, so the audio comes whole,
     * with every sentence's alignments and phones one after another (their times are already the whole answer's).
     */
    static ObjectNode wav(List<ObjectNode> sentences, int sampleRate) {
        java.io.ByteArrayOutputStream pcm = new java.io.ByteArrayOutputStream();
        ObjectNode whole = JsonNodeFactory.instance.objectNode();
        for (ObjectNode sentence : sentences) {
            pcm.writeBytes(
                    Base64.getDecoder().decode(sentence.path("audio_base64").asString()));
            for (String member : List.of("alignment", "normalized_alignment", "phones")) {
                if (!sentence.path(member).isObject()) {
                    continue;
                }
                ObjectNode into = whole.has(member) ? (ObjectNode) whole.get(member) : whole.putObject(member);
                sentence.get(member).properties().forEach(entry -> {
                    ArrayNode list = into.has(entry.getKey())
                            ? (ArrayNode) into.get(entry.getKey())
                            : into.putArray(entry.getKey());
                    list.addAll((ArrayNode) entry.getValue());
                });
            }
        }
        byte[] data = pcm.toByteArray();
        byte[] file = new byte[WavHeader.SIZE + data.length];
        System.arraycopy(WavHeader.pcm16Mono(sampleRate, data.length), 0, file, 0, WavHeader.SIZE);
        System.arraycopy(data, 0, file, WavHeader.SIZE, data.length);
        whole.put("audio_base64", Base64.getEncoder().encodeToString(file));
        return whole;
    }

    /** Audio alone (what an MP3 encoder still held at the end). */
    static ObjectNode audioOnly(byte[] audio) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("audio_base64", Base64.getEncoder().encodeToString(audio));
        line.putNull("alignment");
        line.putNull("normalized_alignment");
        return line;
    }

    /** A token or a word, as text, and when it is spoken. */
    private record Span(String text, double start, double end) {}

    /** Consecutive phones of one token (or word) as one span. */
    private static List<Span> spans(List<PhoneCapture.Phone> phones, boolean tokens) {
        List<Span> spans = new ArrayList<>();
        int current = -1;
        String text = null;
        double start = 0;
        double end = 0;
        for (PhoneCapture.Phone phone : phones) {
            int index = tokens ? phone.tokenIndex() : phone.wordIndex();
            if (index < 0) {
                continue;
            }
            if (index != current) {
                if (current >= 0) {
                    spans.add(new Span(text, start, end));
                }
                current = index;
                text = tokens ? phone.token() : phone.word();
                start = phone.start();
            }
            end = phone.end();
        }
        if (current >= 0) {
            spans.add(new Span(text, start, end));
        }
        return spans;
    }

    /**
     * The characters of {@code text}: each span found in order is spread over its time, what lies between spans gets
     * the time between them, what follows the last one the time to the sentence's end.
     */
    private static ObjectNode alignment(String text, List<Span> spans, double sentenceEnd, double offset) {
        List<String> characters = new ArrayList<>();
        List<double[]> times = new ArrayList<>();
        int cursor = 0;
        double previous = 0;
        for (Span span : spans) {
            int at = indexOf(text, span.text(), cursor);
            if (at < 0) {
                continue;
            }
            between(text, cursor, at, previous, span.start(), characters, times);
            spread(text.substring(at, at + span.text().length()), span.start(), span.end(), characters, times);
            cursor = at + span.text().length();
            previous = span.end();
        }
        between(text, cursor, text.length(), previous, Math.max(previous, sentenceEnd), characters, times);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode chars = node.putArray("characters");
        ArrayNode starts = node.putArray("character_start_times_seconds");
        ArrayNode ends = node.putArray("character_end_times_seconds");
        for (int i = 0; i < characters.size(); i++) {
            chars.add(characters.get(i));
            starts.add(round(offset + times.get(i)[0]));
            ends.add(round(offset + times.get(i)[1]));
        }
        return node;
    }

    private static int indexOf(String text, String span, int from) {
        if (span == null || span.isEmpty()) {
            return -1;
        }
        int at = text.indexOf(span, from);
        return at >= 0 ? at : text.toLowerCase().indexOf(span.toLowerCase(), from);
    }

    private static void between(
            String text, int from, int to, double start, double end, List<String> characters, List<double[]> times) {
        text.substring(from, to).codePoints().forEach(cp -> {
            characters.add(new String(Character.toChars(cp)));
            times.add(new double[] {start, end});
        });
    }

    private static void spread(String span, double start, double end, List<String> characters, List<double[]> times) {
        int[] cps = span.codePoints().toArray();
        double step = (end - start) / Math.max(1, cps.length);
        for (int i = 0; i < cps.length; i++) {
            characters.add(new String(Character.toChars(cps[i])));
            times.add(new double[] {start + i * step, start + (i + 1) * step});
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }
}
