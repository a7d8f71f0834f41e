package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CachedAudioTest {

    @Test
    void shouldComeBackAsItWasStored() {
        CachedAudio audio = new CachedAudio("elevenlabs", new byte[] {0, 1, 2, (byte) 255});
        assertThat(CachedAudio.decode(audio.encode())).contains(audio);
    }

    @Test
    void shouldReadForeignOrTruncatedBytesAsNoEntry() {
        assertThat(CachedAudio.decode(null)).isEmpty();
        assertThat(CachedAudio.decode(new byte[0])).isEmpty();
        assertThat(CachedAudio.decode("{\"json\":1}".getBytes())).isEmpty();
        assertThat(CachedAudio.decode(new byte[] {1, 7, 'p', 'h'})).isEmpty();
        assertThat(CachedAudio.decode(new byte[] {1, 0, 1, 2})).isEmpty();
        // Java serialization's magic number is not a version this store writes.
        assertThat(CachedAudio.decode(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5}))
                .isEmpty();
    }

    @Test
    void shouldRefuseAProviderNameItCannotStore() {
        assertThatThrownBy(() -> new CachedAudio("", new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CachedAudio("é", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }
}
