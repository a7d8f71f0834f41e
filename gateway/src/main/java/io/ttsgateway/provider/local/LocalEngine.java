package io.ttsgateway.provider.local;

import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A speech engine that speaks one sentence at a time on its own threads. The provider builds streaming, resampling
 * and encoding on top of it, so tests can put a recording or failing engine in its place.
 */
interface LocalEngine extends AutoCloseable {

    /** Every sentence is spoken at this rate: 16-bit mono samples. */
    int SAMPLE_RATE = 16_000;

    /**
     * Speaks one sentence, then applies {@code then} to its samples on the same engine thread. Conversion work goes
     * there rather than into a later {@code map}: a result that waits for demand is delivered on the thread that
     * asks for it, which for a slow client is the server's event loop.
     *
     * <p>The work starts on subscription, never on the caller's thread; cancelling before it starts skips it.
     *
     * @param then receives the samples at {@link #SAMPLE_RATE}, possibly none when the text holds nothing speakable
     */
    <T> Mono<T> speak(String sentence, Function<short[], T> then);

    /**
     * As {@link #speak}, with the phones the engine spoke and their times (API.md §7: the local engine's alignment
     * comes from its own synthesis). An engine that does not know them gives none.
     */
    default <T> Mono<T> speakTimed(String sentence, Function<Spoken, T> then) {
        return speak(sentence, samples -> then.apply(new Spoken(samples, java.util.List.of())));
    }

    /** Frees the engine; later calls to {@link #speak} fail with a {@link java.util.concurrent.RejectedExecutionException}. */
    @Override
    void close();
}
