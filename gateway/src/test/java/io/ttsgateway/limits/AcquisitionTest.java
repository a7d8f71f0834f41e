package io.ttsgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** What a caller hanging up does to an acquisition whose store reply is still on its way. */
class AcquisitionTest {

    private final Sinks.One<String> store = Sinks.one();
    private final List<String> released = new CopyOnWriteArrayList<>();
    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();
    private final Mono<String> acquisition =
            Acquisition.releasedIfAbandoned(store.asMono(), value -> Mono.fromRunnable(() -> released.add(value)));

    AcquisitionTest() {
        Hooks.onErrorDropped(dropped::add);
    }

    @AfterEach
    void resetHooks() {
        Hooks.resetOnErrorDropped();
    }

    @Test
    void shouldHandOverWhatLandsBeforeAnyCancelAndReleaseNothing() {
        StepVerifier.create(acquisition)
                .then(() -> store.tryEmitValue("slot-1"))
                .expectNext("slot-1")
                .verifyComplete();

        assertThat(released).isEmpty();
    }

    @Test
    void shouldReleaseWhatLandsAfterTheCallerLeftExactlyOnce() {
        Disposable caller = acquisition.subscribe(value -> released.add("delivered " + value));
        caller.dispose();
        assertThat(released).as("nothing has landed yet").isEmpty();

        store.tryEmitValue("slot-2");

        assertThat(released).containsExactly("slot-2");
    }

    @Test
    void shouldKeepTheStoreCallSubscribedThroughACancel() {
        acquisition.subscribe().dispose();

        assertThat(store.currentSubscriberCount())
                .as("cancelling a command already sent does not take it back, so its reply is still awaited")
                .isEqualTo(1);
    }

    @Test
    void shouldPassErrorsThroughAndDropNoneAfterACancel() {
        StepVerifier.create(acquisition)
                .then(() -> store.tryEmitError(new LimitExceeded("too-many-streams", "full", 1)))
                .verifyError(LimitExceeded.class);

        Sinks.One<String> failing = Sinks.one();
        Acquisition.releasedIfAbandoned(failing.asMono(), value -> Mono.fromRunnable(() -> released.add(value)))
                .subscribe()
                .dispose();
        failing.tryEmitError(new IllegalStateException("redis went away"));

        assertThat(released).isEmpty();
        assertThat(dropped)
                .as("an error after the caller left is nobody's business")
                .isEmpty();
    }

    @Test
    void shouldReleaseAnAbandonedValueEvenWhenCancelAndReplyRace() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            Sinks.One<String> reply = Sinks.one();
            List<String> handedOver = new CopyOnWriteArrayList<>();
            List<String> freed = new CopyOnWriteArrayList<>();
            Disposable caller = Acquisition.releasedIfAbandoned(
                            reply.asMono(), value -> Mono.fromRunnable(() -> freed.add(value)))
                    // Like the flatMap of a real caller: whatever reaches onNext is owned from then on.
                    .doOnNext(handedOver::add)
                    .subscribe();
            Thread replier = new Thread(() -> reply.tryEmitValue("r" + reply.hashCode()));
            replier.start();
            caller.dispose();
            replier.join(5_000);

            assertThat(handedOver.size() + freed.size())
                    .as("each value is either handed over or released, never both, never neither")
                    .isEqualTo(1);
        }
    }
}
