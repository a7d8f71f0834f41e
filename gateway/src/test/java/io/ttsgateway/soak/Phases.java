package io.ttsgateway.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs one phase: every client's callers until the phase's deadline, with what the phase does to the world meanwhile
 * (Phoenix's health failing for a while, Redis stopped or started under load), then waits until every caller is done
 * and the gateway has settled what they left behind, and reads the usage at that quiet moment.
 */
final class Phases {

    private static final long NANOS_PER_MS = 1_000_000;

    /** After the last caller is done: refunds of callers that left are sent after they left. */
    private static final long SETTLE_MS = 1_500;

    private final List<SoakClients.Client> clients;
    private final Caller.Context context;
    private final RedisProcess redis;
    private final SoakProvider phoenix;
    private final Usage usage;
    private final LongSupplier gatewayElevenLabs;
    private final SplittableRandom random;
    private final ExecutorService pool;
    private Map<String, Usage.Snapshot> last;
    private boolean redisUp = true;

    Phases(
            List<SoakClients.Client> clients,
            Caller.Context context,
            RedisProcess redis,
            SoakProvider phoenix,
            Usage usage,
            LongSupplier gatewayElevenLabs,
            SplittableRandom random) {
        this.clients = clients;
        this.context = context;
        this.redis = redis;
        this.phoenix = phoenix;
        this.usage = usage;
        this.gatewayElevenLabs = gatewayElevenLabs;
        this.random = random;
        this.pool = Executors.newFixedThreadPool(
                clients.stream().mapToInt(SoakClients.Client::callers).sum(), r -> {
                    Thread thread = new Thread(r, "soak-caller");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    Phase run(int index, Schedule.Step step) throws Exception {
        if (last == null) {
            last = usage.readAll(clients);
        }
        Map<String, Usage.Snapshot> before = last;
        long elevenLabsBefore = redisUp ? gatewayElevenLabs.getAsLong() : -1;
        long start = System.nanoTime();
        long planned = start + step.millis() * NANOS_PER_MS;
        // While Redis is being stopped or started, traffic runs on until the gateway has noticed, and then some more.
        boolean transition = step.kind() == Phase.Kind.DOWN || step.kind() == Phase.Kind.UP;
        AtomicLong deadline = new AtomicLong(transition ? Long.MAX_VALUE : planned);
        List<Future<?>> callers = new ArrayList<>();
        for (SoakClients.Client client : clients) {
            for (int i = 0; i < client.callers(); i++) {
                callers.add(pool.submit(new Caller(context, client, index, deadline::get, random.nextLong())));
            }
        }
        long stop = 0;
        long seen = 0;
        String note = "";
        switch (step.kind()) {
            case STEADY -> {
                if (step.phoenixDownWindow()) {
                    note = phoenixDownWindow(start, step.millis());
                }
            }
            case DOWN -> {
                sleepUntil(start + step.millis() / 2 * NANOS_PER_MS);
                stop = System.nanoTime();
                redis.stop();
                seen = awaitRedis("DOWN");
                redisUp = false;
                deadline.set(Math.max(planned, seen + 2_000 * NANOS_PER_MS));
                note = String.format("redis stopped, gateway noticed after %.1f s", (seen - stop) / 1e9);
            }
            case UP -> {
                sleepUntil(start + step.millis() / 3 * NANOS_PER_MS);
                stop = System.nanoTime();
                redis.start();
                seen = awaitRedis("UP");
                redisUp = true;
                deadline.set(Math.max(planned, seen + 3_000 * NANOS_PER_MS));
                note = String.format("redis started, gateway noticed after %.1f s", (seen - stop) / 1e9);
            }
            case OUTAGE -> note = "redis down throughout";
        }
        for (Future<?> caller : callers) {
            try {
                caller.get(
                        Math.max(1, deadline.get() - System.nanoTime()) / NANOS_PER_MS + 90_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                caller.cancel(true);
                note = note + " (a caller did not finish in time)";
            }
        }
        long end = System.nanoTime();
        Thread.sleep(SETTLE_MS);
        Map<String, Usage.Snapshot> after = usage.readAll(clients);
        last = after;
        long elevenLabsAfter = redisUp ? gatewayElevenLabs.getAsLong() : -1;
        return new Phase(
                index,
                step.kind(),
                start,
                deadline.get(),
                end,
                before,
                after,
                elevenLabsBefore,
                elevenLabsAfter,
                stop,
                seen,
                note);
    }

    /** Phoenix's health fails for 6 s a third of the way in: it is marked down, skipped, and comes back. */
    private String phoenixDownWindow(long start, long millis) throws InterruptedException {
        sleepUntil(start + millis / 3 * NANOS_PER_MS);
        phoenix.healthy(false);
        try {
            Thread.sleep(6_000);
        } finally {
            phoenix.healthy(true);
        }
        return "phoenix health failing for 6 s";
    }

    /** Waits until {@code /ready} shows Redis in this state, at most a minute; the moment it first did. */
    private long awaitRedis(String state) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000 * NANOS_PER_MS;
        while (System.nanoTime() < deadline) {
            if (state.equals(usage.redisState())) {
                return System.nanoTime();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateway did not report redis " + state + " within a minute");
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / NANOS_PER_MS);
        }
    }

    void close() {
        pool.shutdownNow();
    }
}
