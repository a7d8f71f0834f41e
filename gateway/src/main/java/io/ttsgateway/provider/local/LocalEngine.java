package io.ttsgateway.provider.local;

import reactor.core.publisher.Mono;

/**
 * A speech engine that speaks one sentence at a time on its own threads. The provider builds streaming, resampling
 * and encoding on top of it, so tests can put a recording or failing engine in its place.
 */
public interface LocalEngine extends AutoCloseable {

    /** Every sentence comes back at this rate: 16-bit mono samples. */
    int SAMPLE_RATE = 16_000;

    /**
     * Speaks one sentence. The work starts on subscription and never on the caller's thread; cancelling before it
     * starts skips it.
     *
     * @return the samples at {@link #SAMPLE_RATE}, possibly empty when the text holds nothing speakable
     */
    Mono<short[]> speak(String sentence);

    /** Frees the engine; later calls to {@link #speak} fail. */
    @Override
    void close();
}
