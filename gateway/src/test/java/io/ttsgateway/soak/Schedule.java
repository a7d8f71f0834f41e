package io.ttsgateway.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's timeline: a warm-up, then steady stretches with a Redis restart between each two (Redis stopped under
 * load, an outage, Redis started under load), ending on a steady stretch.
 *
 * @param restarts Redis restarts
 * @param middle the index of the steady phase whose end is nearest the middle of the run (the "middle" sample)
 */
record Schedule(List<Step> steps, int restarts, int middle) {

    /** One phase as planned; a DOWN or UP phase runs on until the gateway has noticed, and a little longer. */
    record Step(Phase.Kind kind, long millis, boolean phoenixDownWindow) {}

    static Schedule of(double minutes) {
        long total = Math.round(minutes * 60_000);
        boolean quick = minutes <= 1.5;
        int restarts = quick ? 1 : (int) Math.max(1, Math.min(6, Math.round(minutes / 3.5)));
        long warmup = quick ? 12_000 : 30_000;
        long down = quick ? 4_000 : 6_000;
        long outage = quick ? 9_000 : 20_000;
        long up = quick ? 5_000 : 10_000;
        long steady = Math.max(10_000, (total - warmup - restarts * (down + outage + up)) / (restarts + 1));
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Phase.Kind.STEADY, warmup, false));
        for (int i = 0; i < restarts; i++) {
            steps.add(new Step(Phase.Kind.STEADY, steady, steady >= 14_000));
            steps.add(new Step(Phase.Kind.DOWN, down, false));
            steps.add(new Step(Phase.Kind.OUTAGE, outage, false));
            steps.add(new Step(Phase.Kind.UP, up, false));
        }
        steps.add(new Step(Phase.Kind.STEADY, steady, steady >= 14_000));
        long elapsed = 0;
        int middle = 1;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < steps.size(); i++) {
            elapsed += steps.get(i).millis();
            if (i > 0
                    && i < steps.size() - 1
                    && steps.get(i).kind() == Phase.Kind.STEADY
                    && Math.abs(elapsed - total / 2) < best) {
                best = Math.abs(elapsed - total / 2);
                middle = i;
            }
        }
        return new Schedule(List.copyOf(steps), restarts, middle);
    }
}
