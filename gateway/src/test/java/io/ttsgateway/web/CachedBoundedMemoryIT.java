package io.ttsgateway.web;

import io.ttsgateway.testing.TestClients;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link BoundedMemoryIT} with the audio cache on, as it is by default, and every stalled caller asking for a sentence
 * of its own: each is a miss, whose provider call is shared through a flight, and a flight must pass a caller's
 * back-pressure to the provider as the plain path does (API.md §10), not pull the whole answer into memory.
 */
@Import(BoundedMemoryIT.CallerConnections.class)
class CachedBoundedMemoryIT extends BoundedMemoryIT {

    @DynamicPropertySource
    static void cacheOn(DynamicPropertyRegistry registry) {
        registry.add("gateway.cache.mode", () -> "client");
    }

    /**
     * A flight keeps what its call sent as copies on the heap (for late joiners and for storing), where the plain path
     * holds pooled buffers: up to its window of chunks plus those in transit when the caller stopped, 64 KiB each
     * here. Measured: 450 KiB a caller (with no window, 17 MB: the whole answer).
     */
    @Override
    protected long heapPerStalledCaller() {
        return 1024L * 1024;
    }

    @Override
    protected String stalledRequest(int i) {
        String body = "{\"text\":\"Never read, number " + i + " of " + System.nanoTime() + "\"}";
        return "POST /v1/tts/stream HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestClients.ALPHA_KEY + "\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }
}
