package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.auth.ClientLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The semantics every {@link LimitStore} must have (API.md §4), run against each store: memory and a real Redis.
 * Keys carry a per-test prefix.
 */
abstract class LimitStoreContract {

    protected abstract LimitStore store();

    /** A fresh prefix for this test's keys. */
    protected abstract String prefix();

    /** Lets time pass for expiry: the memory store's clock moves, a Redis test waits. */
    protected abstract void elapse(Duration duration);

    /** The TTL to give things that must expire within a test. */
    protected abstract Duration shortTtl();

    /** The store's own clock: the memory store's is moved by hand, Redis' is the real one. */
    protected abstract Instant now();

    private static final Duration LONG = Duration.ofHours(2);

    @Test
    void shouldReserveExactlyUpToTheLimitAndRefuseOneCharacterMore() {
        List<Charge> charges = List.of(new Charge(prefix() + "day", 10, LONG));

        assertThat(block(store().reserve(charges, 4))).isZero();
        assertThat(block(store().reserve(charges, 6)))
                .as("exactly at the limit")
                .isZero();
        assertThat(block(store().reserve(charges, 1))).as("one more").isEqualTo(1);
        assertThat(block(store().used(List.of(prefix() + "day")))).containsExactly(10L);
    }

    @Test
    void shouldReserveInEveryWindowOrInNone() {
        Charge day = new Charge(prefix() + "day", 100, LONG);
        Charge month = new Charge(prefix() + "month", 5, LONG);

        assertThat(block(store().reserve(List.of(day, month), 6)))
                .as("the month refuses")
                .isEqualTo(2);

        assertThat(block(store().used(List.of(day.key(), month.key())))).containsExactly(0L, 0L);
        assertThat(block(store().reserve(List.of(day, month), 5))).isZero();
        assertThat(block(store().used(List.of(day.key(), month.key())))).containsExactly(5L, 5L);
    }

    @Test
    void shouldCountUnlimitedWindowsWithoutRefusing() {
        Charge unlimited = new Charge(prefix() + "free", Charge.UNLIMITED, LONG);

        assertThat(block(store().reserve(List.of(unlimited), 1_000_000))).isZero();
        assertThat(block(store().used(List.of(unlimited.key())))).containsExactly(1_000_000L);
    }

    @Test
    void shouldRefundWithoutGoingBelowZero() {
        List<Charge> charges = List.of(new Charge(prefix() + "c", 10, LONG));
        block(store().reserve(charges, 7));

        block(store().refund(charges, 3));
        assertThat(block(store().used(List.of(prefix() + "c")))).containsExactly(4L);
        block(store().refund(charges, 9));
        assertThat(block(store().used(List.of(prefix() + "c")))).containsExactly(0L);
        block(store().refund(List.of(new Charge(prefix() + "never", 10, LONG)), 5));
        assertThat(block(store().used(List.of(prefix() + "never")))).containsExactly(0L);
    }

    @Test
    void shouldForgetACounterWhenItsWindowExpires() {
        List<Charge> charges = List.of(new Charge(prefix() + "window", 10, shortTtl()));
        block(store().reserve(charges, 10));

        elapse(shortTtl().multipliedBy(3));

        assertThat(block(store().used(List.of(prefix() + "window")))).containsExactly(0L);
        assertThat(block(store().reserve(charges, 10))).isZero();
    }

    @Test
    void shouldNeverPassALimitUnderConcurrentReservations() {
        List<Charge> charges =
                List.of(new Charge(prefix() + "race-day", 100, LONG), new Charge(prefix() + "race-month", 1000, LONG));
        AtomicInteger granted = new AtomicInteger();

        Flux.range(0, 1000)
                .flatMap(i -> store().reserve(charges, 1).subscribeOn(Schedulers.parallel()), 256)
                .doOnNext(result -> {
                    if (result == 0) {
                        granted.incrementAndGet();
                    }
                })
                .blockLast(Duration.ofSeconds(30));

        assertThat(granted.get()).isEqualTo(100);
        assertThat(block(store().used(List.of(prefix() + "race-day", prefix() + "race-month"))))
                .containsExactly(100L, 100L);
    }

    @Test
    void shouldAdmitWithASlotAndTheCharactersOrWithNeither() {
        String slots = prefix() + "{c}:streams";
        Charge day = new Charge(prefix() + "{c}:day", 10, LONG);
        Charge month = new Charge(prefix() + "{c}:month", 100, LONG);

        assertThat(block(store().admit(slots, "a", 2, LONG, List.of(day, month), 6)))
                .isZero();
        assertThat(block(store().admit(slots, "b", 2, LONG, List.of(day, month), 5)))
                .as("the day would pass its limit: position 1, and no slot taken")
                .isEqualTo(1);
        assertThat(block(store().activeSlots(slots))).isEqualTo(1);
        assertThat(block(store().admit(slots, "b", 2, LONG, List.of(day, month), 4)))
                .isZero();
        assertThat(block(store().admit(slots, "c", 2, LONG, List.of(), 0)))
                .as("both slots taken: nothing reserved")
                .isEqualTo(LimitStore.NO_SLOT);
        assertThat(block(store().used(List.of(day.key(), month.key())))).containsExactly(10L, 10L);
        assertThat(block(store().activeSlots(slots))).isEqualTo(2);
    }

    @Test
    void shouldFinishByReleasingTheSlotAndRefundingWhatItIsGiven() {
        String slots = prefix() + "{f}:streams";
        Charge day = new Charge(prefix() + "{f}:day", 10, LONG);
        block(store().admit(slots, "a", 2, LONG, List.of(day), 6));
        block(store().admit(slots, "b", 2, LONG, List.of(day), 3));

        block(store().finish(slots, "a", List.of(day), 6));
        assertThat(block(store().used(List.of(day.key())))).containsExactly(3L);
        assertThat(block(store().activeSlots(slots))).isEqualTo(1);

        block(store().finish(slots, "b", List.of(), 3));
        assertThat(block(store().used(List.of(day.key()))))
                .as("a finish without charges refunds nothing")
                .containsExactly(3L);
        assertThat(block(store().activeSlots(slots))).isZero();
    }

    @Test
    void shouldNeverPassALimitNorASlotCountUnderConcurrentAdmissions() {
        String slots = prefix() + "{r}:streams";
        Charge day = new Charge(prefix() + "{r}:day", 50, LONG);

        List<Integer> answers = Flux.range(0, 200)
                .flatMap(
                        i -> store().admit(slots, "lease-" + i, 8, LONG, List.of(day), 1)
                                .subscribeOn(Schedulers.parallel()),
                        64)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(answers.stream().filter(a -> a == 0).count()).isEqualTo(8);
        assertThat(block(store().activeSlots(slots))).isEqualTo(8);
        assertThat(block(store().used(List.of(day.key())))).containsExactly(8L);
    }

    @Test
    void shouldGrantSlotsUpToTheLimitAndReleaseThem() {
        String key = prefix() + "streams";

        assertThat(takeSlot(key, "a", 2, LONG)).isTrue();
        assertThat(takeSlot(key, "b", 2, LONG)).isTrue();
        assertThat(takeSlot(key, "c", 2, LONG)).isFalse();
        assertThat(block(store().activeSlots(key))).isEqualTo(2);
        block(store().finish(key, "a", List.of(), 0));
        assertThat(takeSlot(key, "c", 2, LONG)).isTrue();
    }

    @Test
    void shouldExpireALeaseThatIsNotRenewedButKeepOneThatIs() {
        String key = prefix() + "leases";
        takeSlot(key, "crashed", 2, shortTtl());
        takeSlot(key, "alive", 2, shortTtl());

        for (int i = 0; i < 4; i++) {
            elapse(shortTtl().dividedBy(2));
            block(store().renewSlots(key, List.of("alive"), shortTtl()));
        }

        assertThat(block(store().activeSlots(key))).isEqualTo(1);
        assertThat(takeSlot(key, "new", 2, shortTtl())).isTrue();
        assertThat(takeSlot(key, "third", 2, shortTtl())).isFalse();
    }

    @Test
    void shouldRefuseRequestsBeyondTheBurstAndReportTheBucket() {
        ClientLimits limits = new ClientLimits(60, 3, null, null, false, null, 10);
        String key = prefix() + "rate";

        RateDecision first = block(store().consumeRate(key, limits));
        block(store().consumeRate(key, limits));
        block(store().consumeRate(key, limits));
        RateDecision refused = block(store().consumeRate(key, limits));

        assertThat(first.allowed()).isTrue();
        assertThat(first.limit()).isEqualTo(3);
        assertThat(first.remaining()).isEqualTo(2);
        assertThat(first.resetEpochSecond())
                .as("absolute Unix seconds, one token's refill away")
                .isBetween(now().getEpochSecond() + 1, now().getEpochSecond() + 2);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 2L);
        assertThat(block(store().peekRate(key, limits)).remaining()).isZero();
    }

    protected static <T> T block(Mono<T> mono) {
        return mono.block(Duration.ofSeconds(10));
    }

    /** A slot alone: an admission without characters. */
    private boolean takeSlot(String key, String lease, int limit, Duration ttl) {
        return block(store().admit(key, lease, limit, ttl, List.of(), 0)) == 0;
    }
}
