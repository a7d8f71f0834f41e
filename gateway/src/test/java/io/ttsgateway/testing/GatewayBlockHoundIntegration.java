package io.ttsgateway.testing;

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
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.blockingMethodCallback(method -> {
            // Print where it happened: reactive operators often swallow the stack of the error they carry.
            BlockingOperationError error = new BlockingOperationError(method);
            error.printStackTrace();
            throw error;
        });
    }
}
