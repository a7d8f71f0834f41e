package io.ttsgateway.limits;

import io.ttsgateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;

class InMemoryLimitStoreTest extends LimitStoreContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final InMemoryLimitStore store = new InMemoryLimitStore(clock);

    @Override
    protected LimitStore store() {
        return store;
    }

    @Override
    protected String prefix() {
        return "t:";
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(30);
    }
}
