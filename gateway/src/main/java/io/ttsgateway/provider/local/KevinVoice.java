package io.ttsgateway.provider.local;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;

/**
 * One allocated FreeTTS voice and the player that catches its audio. A FreeTTS {@link Voice} is not thread-safe (on
 * one shared voice, concurrent calls silently mix their audio), so each instance is used by one thread at a time:
 * the engine's pool hands it out.
 */
final class KevinVoice {

    static final String NAME = "kevin16";

    private static final String DIRECTORY_PROPERTY = "freetts.voices";
    private static final String KEVIN_DIRECTORY = "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory";

    private final Voice voice;
    private final CapturingAudioPlayer player;
    private final PhoneCapture phones;

    private KevinVoice(Voice voice, CapturingAudioPlayer player, PhoneCapture phones) {
        this.voice = voice;
        this.player = player;
        this.phones = phones;
    }

    /** Loads the voice's data (about 200 ms, so the engine does it at startup). */
    static KevinVoice allocate() {
        registerDirectory();
        Voice voice = VoiceManager.getInstance().getVoice(NAME);
        if (voice == null) {
            throw new IllegalStateException("FreeTTS voice " + NAME + " not found on the class path");
        }
        CapturingAudioPlayer player = new CapturingAudioPlayer();
        voice.setAudioPlayer(player);
        voice.allocate();
        // After allocate(), which sets up the processors: the capture runs last, once every phone has its duration.
        PhoneCapture phones = new PhoneCapture();
        @SuppressWarnings("unchecked")
        java.util.List<Object> processors = voice.getUtteranceProcessors();
        processors.add(phones);
        return new KevinVoice(voice, player, phones);
    }

    /** Blocks while FreeTTS speaks; returns 16 kHz samples. */
    short[] speak(String text) {
        return speakTimed(text).samples();
    }

    /** Blocks while FreeTTS speaks; returns 16 kHz samples and the phones spoken, with their times. */
    Spoken speakTimed(String text) {
        player.clear();
        phones.clear();
        if (!voice.speak(text)) {
            throw new IllegalStateException("FreeTTS did not finish the sentence");
        }
        short[] samples = player.takeSamples();
        return new Spoken(samples, phones.placed(player.takeUtteranceStarts()));
    }

    /** Stops the voice's output thread and frees its data. */
    void deallocate() {
        voice.deallocate();
    }

    /**
     * FreeTTS finds voices only through the directories named in this property (without it {@code getVoice} returns
     * null). A list set by the operator is kept and extended.
     */
    private static synchronized void registerDirectory() {
        String current = System.getProperty(DIRECTORY_PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(DIRECTORY_PROPERTY, KEVIN_DIRECTORY);
        } else if (!current.contains(KEVIN_DIRECTORY)) {
            System.setProperty(DIRECTORY_PROPERTY, current + "," + KEVIN_DIRECTORY);
        }
    }
}
