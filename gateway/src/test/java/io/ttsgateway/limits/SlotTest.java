package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.auth.ClientLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A held slot is given back once, and its refund made once, however many paths ask at the same moment. */
class SlotTest {

    private static final ClientLimits LIMITS = new ClientLimits(60, 10, 100L, null, false, null, 2);

    private final InMemoryLimitStore store = new InMemoryLimitStore(Clock.systemUTC());
    private final LimitKeys keys = new LimitKeys("t:");
    private final SynthesisAdmission admission = new SynthesisAdmission(
            new LimitStores(store, null), keys, Duration.ofSeconds(30), new LeaseKeeper(Duration.ofSeconds(30)));
    private final List<Charge> day = List.of(new Charge("t:{c}:day", 100, Duration.ofMinutes(5)));

    @Test
    void shouldRefundOnceWhenAHangUpAndAnErrorBothAskForIt() {
        block(store.reserve(day, 10));
        for (int i = 0; i < 200; i++) {
            SynthesisAdmission.SlotClaim claim = admission.claim("c", LIMITS);
            assertThat(block(claim.admit(store, day, 5))).isZero();
            SynthesisAdmission.Slot slot = claim.held(store);

            Flux.range(0, 4)
                    .flatMap(n -> slot.releaseRefunding(day, 5).subscribeOn(Schedulers.parallel()))
                    .then()
                    .block(Duration.ofSeconds(5));
            slot.release();

            assertThat(block(store.used(List.of("t:{c}:day"))))
                    .as("round %d: the 10 reserved before are still there", i)
                    .containsExactly(10L);
            assertThat(block(store.activeSlots(keys.streams("c")))).isZero();
        }
    }

    @Test
    void shouldReleaseWithoutARefundAtTheEndAndStillRefundWhenAskedAfter() {
        SynthesisAdmission.SlotClaim claim = admission.claim("c", LIMITS);
        block(claim.admit(store, day, 7));
        SynthesisAdmission.Slot slot = claim.held(store);

        slot.release();
        assertThat(block(store.activeSlots(keys.streams("c")))).isZero();
        assertThat(block(store.used(List.of("t:{c}:day")))).containsExactly(7L);

        block(slot.releaseRefunding(day, 7));
        assertThat(block(store.used(List.of("t:{c}:day")))).containsExactly(0L);
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(Duration.ofSeconds(5));
    }
}
