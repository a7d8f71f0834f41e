package io.ttsgateway.provider.local;

import java.util.List;

/**
 * One sentence as the engine spoke it.
 *
 * @param samples 16 kHz samples
 * @param phones each phone with its time in seconds from the sentence's start, when the engine tells them (empty
 *     otherwise)
 */
record Spoken(short[] samples, List<PhoneCapture.Phone> phones) {

    Spoken {
        phones = List.copyOf(phones);
    }
}
