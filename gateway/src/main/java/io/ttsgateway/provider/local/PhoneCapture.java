package io.ttsgateway.provider.local;

import com.sun.speech.freetts.Item;
import com.sun.speech.freetts.ItemContents;
import com.sun.speech.freetts.Relation;
import com.sun.speech.freetts.Utterance;
import com.sun.speech.freetts.UtteranceProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Notes each phone FreeTTS is about to speak, with its time: the last of a voice's utterance processors, it runs after
 * the durations are set and before the audio is made. Phone times restart with every utterance (FreeTTS cuts a
 * sentence at "!", "?" and ":"), and an utterance's plan runs about 0.1 s longer than its audio, so each utterance's
 * phones are put where its audio really starts ({@link #placed}). Used by one voice, one sentence at a time, on the
 * speaking thread.
 */
final class PhoneCapture implements UtteranceProcessor {

    /**
     * One phone of a sentence.
     *
     * @param name the phone, lowercase ARPAbet ({@code pau} for a pause)
     * @param word the word it belongs to as FreeTTS speaks it ("forty" for "42"), null for a pause
     * @param wordIndex which word of the sentence, -1 for a pause
     * @param token the text it was read from ("42"), null for a pause
     * @param tokenIndex which token of the sentence, -1 for a pause
     */
    record Phone(String name, double start, double end, String word, int wordIndex, String token, int tokenIndex) {

        Phone shifted(double seconds) {
            return new Phone(name, start + seconds, end + seconds, word, wordIndex, token, tokenIndex);
        }
    }

    /** Each utterance's phones, times from the utterance's start. */
    private final List<List<Phone>> utterances = new ArrayList<>();

    private int words;
    private int tokens;

    void clear() {
        utterances.clear();
        words = 0;
        tokens = 0;
    }

    /**
     * The sentence's phones, each utterance's moved to where its audio started; when the starts do not match the
     * utterances (an engine that did not announce them), after the one before as planned.
     */
    List<Phone> placed(List<Double> utteranceStarts) {
        List<Phone> all = new ArrayList<>();
        double planned = 0;
        boolean known = utteranceStarts.size() == utterances.size();
        for (int i = 0; i < utterances.size(); i++) {
            double offset = known ? utteranceStarts.get(i) : planned;
            List<Phone> utterance = utterances.get(i);
            utterance.forEach(phone -> all.add(phone.shifted(offset)));
            planned += utterance.isEmpty()
                    ? 0
                    : utterance.get(utterance.size() - 1).end();
        }
        clear();
        return all;
    }

    @Override
    public void processUtterance(Utterance utterance) {
        Relation segments = utterance.getRelation(Relation.SEGMENT);
        if (segments == null) {
            return;
        }
        List<Phone> phones = new ArrayList<>();
        double previous = 0;
        ItemContents lastWord = null;
        ItemContents lastToken = null;
        for (Item segment = segments.getHead(); segment != null; segment = segment.getNext()) {
            double end = segment.getFeatures().getFloat("end");
            Item word = segment.findItem("R:SylStructure.parent.parent");
            Item token = word == null ? null : word.findItem("R:Token.parent");
            if (word != null && word.getSharedContents() != lastWord) {
                words++;
                lastWord = word.getSharedContents();
            }
            if (token != null && token.getSharedContents() != lastToken) {
                tokens++;
                lastToken = token.getSharedContents();
            }
            phones.add(new Phone(
                    segment.getFeatures().getString("name"),
                    previous,
                    end,
                    word == null ? null : word.getFeatures().getString("name"),
                    word == null ? -1 : words,
                    token == null ? null : token.getFeatures().getString("name"),
                    token == null ? -1 : tokens));
            previous = end;
        }
        utterances.add(phones);
    }
}
