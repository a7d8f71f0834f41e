package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final InMemoryLimitStore store = new InMemoryLimitStore(clock);
    private final LeaseKeeper keeper = new LeaseKeeper(TTL);

    @Test
    void shouldKeepHeldLeasesOfEveryClientAliveAndLetDroppedOnesExpire() {
        take("a", "a-1");
        take("a", "a-2");
        take("b", "b-1");
        keeper.hold(new LeaseKeeper.Lease(store, "a", "a-1"));
        keeper.hold(new LeaseKeeper.Lease(store, "a", "a-2"));
        keeper.hold(new LeaseKeeper.Lease(store, "b", "b-1"));
        keeper.drop(new LeaseKeeper.Lease(store, "a", "a-2"));

        for (int round = 0; round < 6; round++) {
            clock.advance(TTL.dividedBy(3));
            keeper.renewAll().block(Duration.ofSeconds(1));
        }

        assertThat(store.activeSlots("a").block(Duration.ofSeconds(1)))
                .as("a-1 renewed, a-2 expired")
                .isEqualTo(1);
        assertThat(store.activeSlots("b").block(Duration.ofSeconds(1))).isEqualTo(1);
    }

    private void take(String key, String lease) {
        assertThat(store.admit(key, lease, 10, TTL, List.of(), 0).block(Duration.ofSeconds(1)))
                .isZero();
    }
}
