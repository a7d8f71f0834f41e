package io.ttsgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheUseTest {

    @Test
    void shouldReadAndStoreByDefault() {
        assertThat(CacheUse.decide(CacheScope.CLIENT, true, List.of())).isEqualTo(CacheUse.READ_AND_STORE);
        assertThat(CacheUse.decide(CacheScope.SHARED, true, List.of("max-age=60")))
                .isEqualTo(CacheUse.READ_AND_STORE);
    }

    @Test
    void shouldNeitherReadNorStoreWhenOffOptedOutOrNoStore() {
        assertThat(CacheUse.decide(CacheScope.OFF, true, List.of())).isEqualTo(CacheUse.NONE);
        assertThat(CacheUse.decide(CacheScope.CLIENT, false, List.of())).isEqualTo(CacheUse.NONE);
        assertThat(CacheUse.decide(CacheScope.CLIENT, true, List.of("no-store")))
                .isEqualTo(CacheUse.NONE);
        assertThat(CacheUse.decide(CacheScope.CLIENT, true, List.of("No-Cache", "private, NO-STORE")))
                .isEqualTo(CacheUse.NONE);
    }

    @Test
    void shouldStoreWithoutReadingOnNoCacheInAnySpelling() {
        assertThat(CacheUse.decide(CacheScope.CLIENT, true, List.of("no-cache")))
                .isEqualTo(CacheUse.STORE_ONLY);
        assertThat(CacheUse.decide(CacheScope.CLIENT, true, List.of("max-age=0, No-Cache")))
                .isEqualTo(CacheUse.STORE_ONLY);
        assertThat(CacheUse.decide(CacheScope.CLIENT, true, List.of("no-cache=\"set-cookie\"")))
                .isEqualTo(CacheUse.STORE_ONLY);
        // A directive that merely contains the words is not it.
        assertThat(CacheUse.decide(CacheScope.CLIENT, true, List.of("x-no-cache-please")))
                .isEqualTo(CacheUse.READ_AND_STORE);
    }
}
