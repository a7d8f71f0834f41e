package io.ttsgateway.streaminput;

import io.ttsgateway.api.SegmentSynthesis;
import io.ttsgateway.auth.Authenticator;
import io.ttsgateway.budget.CharacterBudgets;
import io.ttsgateway.limits.SynthesisAdmission;
import io.ttsgateway.observability.RequestRecorder;
import java.util.List;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.ObjectMapper;

/**
 * What every conversation uses, shared by all of them.
 *
 * @param maxTextChars {@code TTS_MAX_TEXT_CHARS}: the longest segment, and the most {@code previous_text} carries
 * @param draining whether the gateway is shutting down
 */
record StreamInput(
        SegmentSynthesis segments,
        Authenticator authenticator,
        SynthesisAdmission admission,
        CharacterBudgets budgets,
        RequestRecorder recorder,
        ObjectMapper json,
        int maxTextChars,
        BooleanSupplier draining) {

    /** ElevenLabs' default {@code chunk_length_schedule}. */
    static final List<Integer> DEFAULT_SCHEDULE = List.of(120, 160, 250, 290);

    /** The largest message a client may send (API.md §8): 1 MiB. */
    static final int MAX_FRAME_BYTES = 1024 * 1024;
}
