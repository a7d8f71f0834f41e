package io.ttsgateway.cache;

import reactor.core.publisher.Mono;

/** Where complete answers are kept (API.md §9 "Store"). Neither operation ever fails: a store away is a miss. */
public interface AudioStore {

    /** The entry under {@code key}, or empty when there is none (or the store cannot answer now). */
    Mono<CachedAudio> get(String key);

    /** Stores {@code audio} under {@code key}; completes once stored, or once it is known it was not. */
    Mono<Void> put(String key, CachedAudio audio);

    /** {@code tts_cache_bytes}: bytes held, or known to be held, by this replica's store. */
    long bytes();
}
