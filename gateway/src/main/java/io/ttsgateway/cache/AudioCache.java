package io.ttsgateway.cache;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The audio cache of API.md §9 as the surfaces use it: what a request may do with it, its key, and the store.
 * Coalescing is the surfaces' own (a {@link Coalescer} per pipeline), since only they know how a call is made.
 */
public final class AudioCache {

    private final CacheScope scope;
    private final CacheKeys keys;
    private final AudioStore store;
    private final long maxEntry;

    public AudioCache(CacheScope scope, CacheKeys keys, AudioStore store, long maxEntry) {
        this.scope = scope;
        this.keys = keys;
        this.store = store;
        this.maxEntry = maxEntry;
    }

    public CacheUse use(boolean clientAllows, List<String> cacheControl) {
        return CacheUse.decide(scope, clientAllows, cacheControl);
    }

    /** The scope a client's request is keyed in: its own under {@code client}, the gateway's under {@code shared}. */
    public String scopeOf(String clientId) {
        return scope == CacheScope.SHARED ? CacheableRequest.sharedScope() : CacheableRequest.clientScope(clientId);
    }

    public String key(CacheableRequest request) {
        return keys.key(request);
    }

    public Mono<CachedAudio> lookup(String key) {
        return store.get(key);
    }

    /** Stores complete audio; audio over {@code TTS_CACHE_MAX_ENTRY} is never stored. */
    public Mono<Void> store(String key, CachedAudio audio) {
        return audio.audio().length > maxEntry || audio.audio().length == 0 ? Mono.empty() : store.put(key, audio);
    }

    /** The most bytes one entry may hold: a flight keeps no more for late passengers. */
    public long maxEntry() {
        return maxEntry;
    }

    /** {@code tts_cache_bytes}. */
    public long bytes() {
        return store.bytes();
    }
}
