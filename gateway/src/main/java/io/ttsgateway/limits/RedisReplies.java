package io.ttsgateway.limits;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where the gateway's code continues after a Redis reply. */
public final class RedisReplies {

    private RedisReplies() {}

    /**
     * Redis replies complete on Lettuce's I/O thread, one per connection. Left there, everything that follows a reply
     * (routing, the provider call, writing the answer) would run on that one thread for every request of the replica
     * (profiled: more than half of the gateway's CPU). Asked from an event loop, the reply is handed back to that
     * loop, so requests spread over the server's loops as their connections do. Asked from elsewhere (a timer), it
     * stays where it completes. An error is handed back too.
     */
    public static <T> CompletionStage<T> backOnCaller(CompletionStage<T> reply) {
        EventExecutor caller = ThreadExecutorMap.currentExecutor();
        if (caller == null || caller.isShuttingDown()) {
            return reply;
        }
        // Both outcomes hop: thenApplyAsync would complete an error where it happened (on Lettuce's thread), and
        // what follows an error (a script sent again after NOSCRIPT) would run there.
        CompletableFuture<T> back = new CompletableFuture<>();
        reply.whenCompleteAsync(
                (value, error) -> {
                    if (error != null) {
                        back.completeExceptionally(error);
                    } else {
                        back.complete(value);
                    }
                },
                caller);
        return back;
    }
}
