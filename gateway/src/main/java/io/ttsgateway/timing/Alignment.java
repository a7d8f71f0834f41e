package io.ttsgateway.timing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * When each character is spoken (API.md §7): parallel lists, one entry per Unicode code point, times in seconds.
 *
 * @param characters one code point each
 * @param starts start times, seconds
 * @param ends end times, seconds
 */
public record Alignment(List<String> characters, double[] starts, double[] ends) {

    public static final Alignment EMPTY = new Alignment(List.of(), new double[0], new double[0]);

    public Alignment {
        characters = List.copyOf(characters);
        if (starts.length != characters.size() || ends.length != characters.size()) {
            throw new IllegalArgumentException("an alignment's three lists must be as long as each other");
        }
    }

    public int size() {
        return characters.size();
    }

    public boolean isEmpty() {
        return characters.isEmpty();
    }

    /** ElevenLabs' shape: {@code characters}, {@code character_start_times_seconds}, {@code …_end_times_seconds}. */
    public static Alignment fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return EMPTY;
        }
        JsonNode chars = node.path("characters");
        JsonNode starts = node.path("character_start_times_seconds");
        JsonNode ends = node.path("character_end_times_seconds");
        if (!chars.isArray() || !starts.isArray() || !ends.isArray()) {
            throw new IllegalArgumentException("an alignment needs characters and their start and end times");
        }
        if (starts.size() != chars.size() || ends.size() != chars.size()) {
            throw new IllegalArgumentException("an alignment's three lists must be as long as each other");
        }
        // A provider's "character" may be more than one code point (a surrogate pair, a combining sequence): each code
        // point gets the same times, so that the list has one entry per code point (API.md §7).
        List<String> characters = new ArrayList<>();
        List<double[]> times = new ArrayList<>();
        for (int i = 0; i < chars.size(); i++) {
            if (!chars.get(i).isString()
                    || !starts.get(i).isNumber()
                    || !ends.get(i).isNumber()) {
                throw new IllegalArgumentException("an alignment holds strings and numbers");
            }
            String text = chars.get(i).asString();
            double start = starts.get(i).asDouble();
            double end = ends.get(i).asDouble();
            text.codePoints().forEach(cp -> {
                characters.add(new String(Character.toChars(cp)));
                times.add(new double[] {start, end});
            });
        }
        double[] s = new double[times.size()];
        double[] e = new double[times.size()];
        for (int i = 0; i < times.size(); i++) {
            s[i] = times.get(i)[0];
            e[i] = times.get(i)[1];
        }
        return new Alignment(characters, s, e);
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        var chars = node.putArray("characters");
        characters.forEach(chars::add);
        var s = node.putArray("character_start_times_seconds");
        Arrays.stream(starts).forEach(t -> s.add(round(t)));
        var e = node.putArray("character_end_times_seconds");
        Arrays.stream(ends).forEach(t -> e.add(round(t)));
        return node;
    }

    /** The same characters, each time plus {@code seconds}. */
    public Alignment shifted(double seconds) {
        double[] s = starts.clone();
        double[] e = ends.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += seconds;
            e[i] += seconds;
        }
        return new Alignment(characters, s, e);
    }

    /** This alignment followed by {@code next}. */
    public Alignment then(Alignment next) {
        List<String> chars = new ArrayList<>(characters);
        chars.addAll(next.characters);
        double[] s = Arrays.copyOf(starts, starts.length + next.starts.length);
        System.arraycopy(next.starts, 0, s, starts.length, next.starts.length);
        double[] e = Arrays.copyOf(ends, ends.length + next.ends.length);
        System.arraycopy(next.ends, 0, e, ends.length, next.ends.length);
        return new Alignment(chars, s, e);
    }

    /** Milliseconds are what any provider resolves; more digits would only be noise in every line. */
    static double round(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Alignment that
                && characters.equals(that.characters)
                && Arrays.equals(starts, that.starts)
                && Arrays.equals(ends, that.ends);
    }

    @Override
    public int hashCode() {
        return characters.hashCode() * 31 + Arrays.hashCode(starts);
    }

    @Override
    public String toString() {
        return "Alignment[" + characters.size() + " characters]";
    }
}
