package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Bounded in bytes, least recently used evicted first, entries gone after their TTL whether read or not. */
class MemoryAudioStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    private static CachedAudio audio(int bytes) {
        // 9 bytes of provider name and framing: size() = bytes + "phoenix".length() + 2
        return new CachedAudio("phoenix", new byte[bytes]);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedEntriesFirstToStayWithinItsBytes() {
        MemoryAudioStore store = new MemoryAudioStore(300, Duration.ofDays(7), clock);
        store.put("a", audio(91)).block();
        store.put("b", audio(91)).block();
        store.put("c", audio(91)).block();
        assertThat(store.bytes()).isEqualTo(300);
        // a is used, so b is now the least recently used.
        assertThat(store.get("a").block()).isNotNull();
        store.put("d", audio(91)).block();

        assertThat(store.get("b").block()).isNull();
        assertThat(store.get("a").block()).isNotNull();
        assertThat(store.get("c").block()).isNotNull();
        assertThat(store.get("d").block()).isNotNull();
        assertThat(store.bytes()).isEqualTo(300);

        // One big entry pushes out as many as it needs, oldest first.
        store.put("e", audio(191)).block();
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.bytes()).isLessThanOrEqualTo(300);
    }

    @Test
    void shouldNotKeepAnEntryLargerThanTheWholeStore() {
        MemoryAudioStore store = new MemoryAudioStore(100, Duration.ofDays(7), clock);
        store.put("small", audio(10)).block();
        store.put("huge", audio(200)).block();
        assertThat(store.get("huge").block()).isNull();
        assertThat(store.get("small").block()).isNotNull();
    }

    @Test
    void shouldExpireEntriesTheirTtlAfterTheyWereStoredEvenIfRead() {
        MemoryAudioStore store = new MemoryAudioStore(1000, Duration.ofMinutes(10), clock);
        store.put("a", audio(10)).block();
        clock.advance(Duration.ofMinutes(9));
        assertThat(store.get("a").block()).isNotNull();
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.get("a").block()).isNull();
        assertThat(store.bytes()).isZero();
    }

    @Test
    void shouldReplaceAnEntryStoredAgain() {
        MemoryAudioStore store = new MemoryAudioStore(1000, Duration.ofDays(7), clock);
        store.put("a", audio(10)).block();
        store.put("a", audio(20)).block();
        assertThat(store.get("a").block().audio()).hasSize(20);
        assertThat(store.bytes()).isEqualTo(29);
    }
}
