package io.ttsgateway.provider.remote;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;

/**
 * A provider's first-byte and idle timeouts that measure the provider, not the caller (API.md §10 "Slow readers").
 * A stream's next chunk is only awaited while the caller has asked for one: when the caller stops reading,
 * back-pressure stops asking the provider for more, and that silence is the caller's, so the idle timer waits for
 * demand before it runs. Reactor's plain {@code timeout} would fire there and blame the provider (and open its
 * breaker for a caller's behaviour).
 */
final class DemandAwareTimeout {

    private DemandAwareTimeout() {}

    /** Fails with {@link TimeoutException} when the first item, or the next one while it is wanted, is late. */
    static <T> Flux<T> apply(Flux<T> source, Duration firstItem, Duration idle) {
        return Flux.defer(() -> {
            Demand demand = new Demand();
            return source.doOnNext(item -> demand.delivered())
                    .timeout(Mono.delay(firstItem), item -> demand.wanted().then(Mono.delay(idle)))
                    .doOnRequest(demand::requested);
        });
    }

    /** Items asked for and not yet delivered, and who waits for that to be more than none. */
    private static final class Demand {

        private long outstanding;
        private MonoSink<Void> waiting;

        void requested(long n) {
            MonoSink<Void> wake;
            synchronized (this) {
                outstanding = Operators.addCap(outstanding, n);
                wake = waiting;
                waiting = null;
            }
            if (wake != null) {
                wake.success();
            }
        }

        synchronized void delivered() {
            if (outstanding != Long.MAX_VALUE && outstanding > 0) {
                outstanding--;
            }
        }

        /** Completes once an item is wanted: at once if one is, else at the caller's next request. */
        Mono<Void> wanted() {
            return Mono.create(sink -> {
                boolean now;
                synchronized (this) {
                    now = outstanding > 0;
                    if (!now) {
                        waiting = sink;
                    }
                }
                if (now) {
                    sink.success();
                } else {
                    sink.onDispose(() -> {
                        synchronized (this) {
                            if (waiting == sink) {
                                waiting = null;
                            }
                        }
                    });
                }
            });
        }
    }
}
