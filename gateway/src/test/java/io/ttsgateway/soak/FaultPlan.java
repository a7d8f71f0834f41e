package io.ttsgateway.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fault schedule: for each request, how Phoenix and ElevenLabs answer each call it causes (whole audio is retried,
 * so a request can cause several), chosen at random but matched to the caller's behaviour, so that what the caller
 * does never races what the providers do. A caller that hangs up before the first byte does so while the gateway is
 * provably still waiting (Phoenix hangs until the first-byte timeout, ElevenLabs answers later than its own), at a
 * moment at least {@link #MARGIN_MS} away from any timeout; a caller that vanishes mid-stream or stalls gets a long
 * stream.
 */
final class FaultPlan {

    /** How far a caller's hang-up is kept from the gateway's own timeouts. */
    static final long MARGIN_MS = 600;

    /** Calls per provider a whole-audio request can cause: 1 + {@code TTS_RETRY_MAX}. */
    private static final int TRIES = 3;

    private final long firstByteTimeoutMs;
    private final long idleTimeoutMs;

    FaultPlan(long firstByteTimeoutMs, long idleTimeoutMs) {
        this.firstByteTimeoutMs = firstByteTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /**
     * One request's plan.
     *
     * @param hangupMs when a {@link CallerKind#HANGUP} caller closes, after sending; 0 for other callers
     */
    record Plan(List<Answer> phoenix, List<Answer> elevenlabs, long hangupMs) {

        Answer answer(String provider, int tryIndex) {
            List<Answer> answers = "phoenix".equals(provider) ? phoenix : elevenlabs;
            return answers.get(Math.min(tryIndex, answers.size() - 1));
        }
    }

    Plan plan(CallerKind caller, SplittableRandom random) {
        return switch (caller) {
            case NORMAL -> new Plan(tries(random, this::phoenix), tries(random, this::elevenLabs), 0);
            case SLOW_READER -> served(random, 0.7, () -> Answer.bulk(16 + random.nextInt(16), 8192));
            case STALLER -> served(random, 0.8, () -> Answer.bulk(64 + random.nextInt(64), 32768));
            case VANISHER ->
                served(
                        random,
                        0.75,
                        () -> Answer.audio(
                                8 + random.nextInt(5),
                                2048 + random.nextInt(2048),
                                80 + random.nextInt(70),
                                random.nextLong()));
            case HANGUP -> hangup(random);
        };
    }

    /**
     * Phoenix hangs, so it fails at the first-byte timeout T; ElevenLabs then answers after more than T (or hangs),
     * so it fails at 2T, or at T when Phoenix was skipped. The caller hangs up in (0, T) or (T, 2T), never within
     * {@link #MARGIN_MS} of T or 2T: either no ElevenLabs call went out yet, or one is unanswered.
     */
    private Plan hangup(SplittableRandom random) {
        long t = firstByteTimeoutMs;
        Answer elevenLabs = random.nextBoolean() ? Answer.hang() : Answer.slowFirst(2 * t, 1024, random.nextLong());
        long early = 300 + random.nextLong(Math.max(1, t - MARGIN_MS - 300));
        long late = t + MARGIN_MS + random.nextLong(Math.max(1, t - 2 * MARGIN_MS));
        return new Plan(List.of(Answer.hang()), List.of(elevenLabs), random.nextBoolean() ? early : late);
    }

    /** The serving answer on the first try of each provider, with Phoenix failing first now and then. */
    private Plan served(SplittableRandom random, double phoenixServes, java.util.function.Supplier<Answer> serving) {
        List<Answer> phoenix = new ArrayList<>();
        phoenix.add(random.nextDouble() < phoenixServes ? serving.get() : phoenix(random));
        phoenix.add(phoenix(random));
        phoenix.add(phoenix(random));
        List<Answer> elevenLabs = new ArrayList<>();
        elevenLabs.add(serving.get());
        elevenLabs.add(elevenLabs(random));
        elevenLabs.add(elevenLabs(random));
        return new Plan(phoenix, elevenLabs, 0);
    }

    private static List<Answer> tries(
            SplittableRandom random, java.util.function.Function<SplittableRandom, Answer> one) {
        List<Answer> answers = new ArrayList<>(TRIES);
        for (int i = 0; i < TRIES; i++) {
            answers.add(one.apply(random));
        }
        return answers;
    }

    /** Phoenix, the internal service: about one call in four goes wrong. */
    Answer phoenix(SplittableRandom random) {
        int p = random.nextInt(100);
        if (p < 4) {
            return Answer.slowFirst(300 + random.nextLong(firstByteTimeoutMs - 500), size(random), random.nextLong());
        }
        if (p < 5) {
            return Answer.slowFirst(firstByteTimeoutMs + 600, size(random), random.nextLong());
        }
        if (p < 9) {
            return Answer.status(503, 0);
        }
        if (p < 11) {
            return Answer.status(502, 0);
        }
        if (p < 13) {
            return Answer.status(500, 0);
        }
        if (p < 16) {
            return Answer.status(429, random.nextInt(4) == 0 ? 5 : 1);
        }
        if (p < 18) {
            return Answer.hang();
        }
        if (p < 21) {
            return Answer.reset(1 + random.nextInt(3), size(random), random.nextLong());
        }
        if (p < 23) {
            return Answer.empty();
        }
        if (p < 25) {
            return Answer.idleGap(idleTimeoutMs + 600, random.nextLong());
        }
        if (p < 26) {
            return Answer.status(400, 0);
        }
        return audio(random);
    }

    /** ElevenLabs: mostly fine, with the same kinds of trouble and now and then a spent quota. */
    Answer elevenLabs(SplittableRandom random) {
        int p = random.nextInt(100);
        if (p < 5) {
            return Answer.slowFirst(300 + random.nextLong(firstByteTimeoutMs - 500), size(random), random.nextLong());
        }
        if (p < 6) {
            return Answer.slowFirst(firstByteTimeoutMs + 600, size(random), random.nextLong());
        }
        if (p < 10) {
            return Answer.status(503, 0);
        }
        if (p < 12) {
            return Answer.status(502, 0);
        }
        if (p < 14) {
            return Answer.status(500, 0);
        }
        if (p < 17) {
            return Answer.status(429, 1);
        }
        if (p < 20) {
            return Answer.hang();
        }
        if (p < 24) {
            return Answer.reset(1 + random.nextInt(3), size(random), random.nextLong());
        }
        if (p < 26) {
            return Answer.empty();
        }
        if (p < 28) {
            return Answer.idleGap(idleTimeoutMs + 600, random.nextLong());
        }
        if (p < 29) {
            return Answer.status(400, 0);
        }
        if (random.nextInt(200) == 0) {
            return Answer.quota();
        }
        return audio(random);
    }

    private static Answer audio(SplittableRandom random) {
        return Answer.audio(
                1 + random.nextInt(6),
                size(random),
                random.nextInt(4) == 0 ? 0 : random.nextInt(60),
                random.nextLong());
    }

    private static int size(SplittableRandom random) {
        return 512 + random.nextInt(7680);
    }
}
