package io.ttsgateway.testing;

import org.slf4j.LoggerFactory;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound runs with every test (installed by blockhound-junit-platform). This is the one place that lists the
 * blocking calls allowed on non-blocking threads, each with its reason; main code gets no exemption.
 */
public class GatewayBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Netty 4.2's adaptive allocator takes a short internal lock when it grows its magazines under contention
        // (here: gateway, fake providers and test clients share one event-loop group). Netty-internal and bounded.
        builder.allowBlockingCallsInside(
                "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        // Lettuce guards its command queue with a shared/exclusive lock; writers wait only while a brief exclusive
        // section (reconnect, queue drain) runs. Designed for event-loop callers, as Spring Data Redis' reactive
        // driver relies on too.
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
        // Jackson creates a type's deserializer once, on first use, under a lock; requests arriving together at a
        // fresh gateway may wait for each other there, once. Bounded, and gone after the first parse.
        builder.allowBlockingCallsInside(
                "tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
        // Resilience4j's circuit breaker records each call in its sliding window under a lock held for a few array
        // writes; event loops recording on the same breaker at once may wait for each other there (seen under load).
        // Bounded, and resilience4j-reactor relies on the same from event loops.
        builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record");
        builder.blockingMethodCallback(method -> {
            // Print where it happened: reactive operators often swallow the stack of the error they carry.
            BlockingOperationError error = new BlockingOperationError(method);
            LoggerFactory.getLogger(GatewayBlockHoundIntegration.class)
                    .error("blocking call on a non-blocking thread", error);
            throw error;
        });
    }
}
