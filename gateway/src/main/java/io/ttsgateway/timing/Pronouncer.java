package io.ttsgateway.timing;

import com.sun.speech.freetts.en.us.CMULexicon;
import com.sun.speech.freetts.lexicon.Lexicon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * English words to phones, offline: the CMU pronouncing dictionary FreeTTS ships, and its letter-to-sound rules for a
 * word the dictionary does not have. Digits are read one by one ("42" as "four two") when a provider sends no
 * normalized alignment.
 */
public final class Pronouncer {

    private static final String[] DIGITS = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
    };

    private final Lexicon lexicon;

    private Pronouncer(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    /** Loads the dictionary (about 100 ms and 10 MB of heap): once, at startup, never on an event loop. */
    public static Pronouncer load() {
        CMULexicon lexicon = new CMULexicon("cmulex");
        try {
            lexicon.load();
        } catch (IOException e) {
            throw new UncheckedIOException("the CMU lexicon shipped with FreeTTS did not load", e);
        }
        return new Pronouncer(lexicon);
    }

    /**
     * The phones of a word (lowercase ARPAbet, stress kept as FreeTTS writes it); empty for a word with no letters or
     * digits. The lexicon is not thread-safe: lookups take turns, each a few microseconds.
     */
    public List<String> phones(String word) {
        String clean = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9']", "");
        List<String> phones = new ArrayList<>();
        for (String part : clean.split("(?<=[0-9])|(?=[0-9])")) {
            if (part.isEmpty() || part.equals("'")) {
                continue;
            }
            String spoken = Character.isDigit(part.charAt(0)) ? DIGITS[part.charAt(0) - '0'] : part;
            String[] found;
            synchronized (lexicon) {
                found = lexicon.getPhones(spoken, null);
            }
            if (found != null) {
                phones.addAll(List.of(found));
            }
        }
        return phones;
    }
}
