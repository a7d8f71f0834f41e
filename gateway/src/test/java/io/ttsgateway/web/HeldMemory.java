package io.ttsgateway.web;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.ManagementFactory;

/**
 * What the gateway in this JVM holds: the heap after a collection, and what Netty's allocator has handed out (the
 * gateway's network buffers, mostly off the heap). Both count, because a stalled caller's audio waits in Netty
 * buffers, not in Java objects. Blocks ({@code System.gc}): call it from the test thread, never an event loop.
 */
record HeldMemory(long heap, long netty) {

    static HeldMemory now() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long netty = 0;
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            netty = metric.usedDirectMemory() + metric.usedHeapMemory();
        }
        return new HeldMemory(heap, netty);
    }

    long total() {
        return heap + netty;
    }

    /** Growth since {@code before}, in bytes (heap and Netty buffers together). */
    long since(HeldMemory before) {
        return total() - before.total();
    }

    @Override
    public String toString() {
        return "heap " + heap / 1024 + " KiB, netty buffers " + netty / 1024 + " KiB";
    }
}
