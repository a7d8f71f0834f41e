package io.ttsgateway.web;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.system.CapturedOutput;

/** What the gateway printed from a point on, read once it has gone quiet. */
final class FuzzLogs {

    private final CapturedOutput output;
    private final int start;

    private FuzzLogs(CapturedOutput output) {
        this.output = output;
        this.start = output.getAll().length();
    }

    /** Everything printed from now on. */
    static FuzzLogs from(CapturedOutput output) {
        return new FuzzLogs(output);
    }

    /**
     * The output since the start, once nothing new has been printed for a moment: access-log lines are written as each
     * exchange ends, a little after its answer.
     */
    String settled() {
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> seen.getAndSet(output.getAll().length())
                        == output.getAll().length());
        String all = output.getAll();
        return all.substring(Math.min(start, all.length()));
    }
}
