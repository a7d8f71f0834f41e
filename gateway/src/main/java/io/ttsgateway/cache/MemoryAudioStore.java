package io.ttsgateway.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Entries in this replica's memory (API.md §9, when {@code REDIS_URL} is not set): at most {@code maxBytes} in all,
 * the least recently used entry evicted first, each gone {@code ttl} after it was stored (a hit does not extend it).
 *
 * <p>An access-ordered {@link LinkedHashMap} under a monitor: exactly least-recently-used (a frequency-based cache
 * such as Caffeine's W-TinyLFU is not what the contract asks), and each operation is a few pointer moves, so the
 * monitor is never held long enough to matter on an event loop.
 */
public final class MemoryAudioStore implements AudioStore {

    private record Entry(CachedAudio audio, Instant expiresAt) {}

    private final long maxBytes;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    public MemoryAudioStore(long maxBytes, Duration ttl, Clock clock) {
        this.maxBytes = maxBytes;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Mono<CachedAudio> get(String key) {
        return Mono.fromSupplier(() -> lookup(key));
    }

    @Override
    public Mono<Void> put(String key, CachedAudio audio) {
        return Mono.fromRunnable(() -> store(key, audio));
    }

    @Override
    public synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    private synchronized CachedAudio lookup(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            remove(key);
            return null;
        }
        return entry.audio();
    }

    private synchronized void store(String key, CachedAudio audio) {
        if (audio.size() > maxBytes) {
            return;
        }
        remove(key);
        entries.put(key, new Entry(audio, clock.instant().plus(ttl)));
        bytes += audio.size();
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().audio().size();
            eldest.remove();
        }
    }

    private void remove(String key) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= old.audio().size();
        }
    }
}
