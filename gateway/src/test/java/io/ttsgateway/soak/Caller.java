package io.ttsgateway.soak;

import io.ttsgateway.soak.FaultPlan.Plan;
import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One virtual caller of one client: sends requests one after another until its phase's deadline, each on a random
 * surface, with a random text and a random way of treating the answer, and plans how the providers answer it first.
 * Every request ends by itself: the gateway's timeouts, the caller's own read timeout, or the caller leaving.
 */
final class Caller implements Runnable {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** What every caller shares. */
    record Context(
            int port,
            Map<String, Plan> plans,
            FaultPlan faults,
            Usage usage,
            long idleTimeoutMs,
            Consumer<Exchange> sink) {}

    private final Context context;
    private final SoakClients.Client client;
    private final int phase;
    private final LongSupplier deadline;
    private final SplittableRandom random;
    private RawHttp.Connection connection;
    private Usage.Snapshot last;

    Caller(Context context, SoakClients.Client client, int phase, LongSupplier deadline, long seed) {
        this.context = context;
        this.client = client;
        this.phase = phase;
        this.deadline = deadline;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        try {
            last = client.solo() ? readUsage() : null;
            while (System.nanoTime() < deadline.getAsLong()
                    && !Thread.currentThread().isInterrupted()) {
                Exchange exchange = once();
                context.sink().accept(exchange);
                Thread.sleep(pause(exchange.response()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private Exchange once() throws InterruptedException {
        Surface surface = surface();
        CallerKind kind = kind();
        String text = Texts.random(random);
        int chars = Texts.charged(text);
        String id = "soak-" + phase + "-" + SEQUENCE.incrementAndGet();
        Plan plan = context.faults().plan(kind, random);
        context.plans().put(id, plan);
        boolean keepAlive = kind == CallerKind.NORMAL && random.nextBoolean();
        byte[] request = Requests.build(surface, client, id, text, keepAlive, random);
        long start = System.nanoTime();
        RawHttp.Response response;
        try {
            RawHttp.Connection open = connection(kind);
            response = RawHttp.exchange(open, request, plan.hangupMs(), reading(kind), random);
            if (keepAlive && response.reusable()) {
                open.lastUsedNanos = System.nanoTime();
                connection = open;
            } else {
                open.close();
            }
        } catch (IOException e) {
            response = RawHttp.Response.failed("connect: " + e.getClass().getSimpleName());
        }
        long end = System.nanoTime();
        Long charged = null;
        Long elevenLabs = null;
        if (client.solo()) {
            Usage.Snapshot now = settledUsage(response);
            if (now != null && last != null) {
                charged = now.day() - last.day();
                elevenLabs = now.elevenLabs() - last.elevenLabs();
            }
            last = now;
        }
        return new Exchange(id, client.id(), phase, surface, kind, chars, start, end, response, charged, elevenLabs);
    }

    /** A kept-alive connection if one is fresh, else a new one (with a small window for slow readers). */
    private RawHttp.Connection connection(CallerKind kind) throws IOException {
        RawHttp.Connection reuse = connection;
        connection = null;
        if (reuse != null && kind == CallerKind.NORMAL && System.nanoTime() - reuse.lastUsedNanos < 3_000_000_000L) {
            return reuse;
        }
        if (reuse != null) {
            reuse.close();
        }
        return RawHttp.open(context.port(), kind == CallerKind.SLOW_READER || kind == CallerKind.STALLER);
    }

    /**
     * The usage after a request, once the gateway has settled it: a refund after a caller left runs after the
     * caller is gone, so the counters are read until two readings agree.
     */
    private Usage.Snapshot settledUsage(RawHttp.Response response) throws InterruptedException {
        boolean leftEarly = response.hungUp() || response.left() || response.transportError() != null;
        Usage.Snapshot now = readUsage();
        for (int i = 0; now != null && i < (leftEarly ? 10 : 2); i++) {
            Thread.sleep(leftEarly ? 300 : 50);
            Usage.Snapshot again = readUsage();
            if (again == null || (again.equals(now) && (!leftEarly || i >= 1))) {
                return again;
            }
            now = again;
        }
        return now;
    }

    /** The client's usage; null when it could not be read (then this request's own charge is not known). */
    private Usage.Snapshot readUsage() {
        try {
            return context.usage().read(client);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A short think time; a refusal's {@code Retry-After} is honoured up to two seconds, as SDKs do. */
    private long pause(RawHttp.Response response) {
        long think = client.ratePerMinute() < 1000 ? 400 + random.nextInt(600) : 20 + random.nextInt(150);
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            return Math.max(think, Math.min(2_000, Long.parseLong(retryAfter) * 1000));
        }
        return think;
    }

    private RawHttp.Reading reading(CallerKind kind) {
        return switch (kind) {
            case NORMAL, HANGUP -> read -> 1 << 16;
            case SLOW_READER -> {
                // Slow, but not forever: a caller that has waited 15 s for the rest leaves.
                long giveUp = System.nanoTime() + 15_000_000_000L;
                yield read -> {
                    Thread.sleep(5 + random.nextInt(10));
                    return System.nanoTime() < giveUp ? 4096 : 0;
                };
            }
            case STALLER -> {
                long stallMs = context.idleTimeoutMs() + 500 + random.nextInt(1500);
                yield read -> {
                    if (read == 0) {
                        return 1 << 14;
                    }
                    Thread.sleep(stallMs);
                    return 0;
                };
            }
            case VANISHER -> {
                long target = 1 + random.nextInt(12_000);
                yield read -> read >= target ? 0 : 2048;
            }
        };
    }

    private Surface surface() {
        int p = random.nextInt(100);
        if (p < 18) {
            return Surface.NATIVE_WHOLE;
        }
        if (p < 42) {
            return Surface.NATIVE_STREAM;
        }
        if (p < 56) {
            return Surface.ELEVENLABS_WHOLE;
        }
        if (p < 76) {
            return Surface.ELEVENLABS_STREAM;
        }
        return p < 92 ? Surface.OPENAI_STREAM : Surface.OPENAI_WAV;
    }

    private CallerKind kind() {
        int p = random.nextInt(100);
        if (p < 70) {
            return CallerKind.NORMAL;
        }
        if (p < 77) {
            return CallerKind.SLOW_READER;
        }
        if (p < 81) {
            return CallerKind.STALLER;
        }
        return p < 92 ? CallerKind.VANISHER : CallerKind.HANGUP;
    }
}
