package io.ttsgateway.routing;

import java.util.List;

/**
 * A provider produced audio (or, for streams, its first bytes).
 *
 * @param provider the provider that serves the answer
 * @param value the audio: bytes for whole audio, a stream for streams
 * @param attempts every provider tried or skipped, in order, the serving one last
 */
public record Routed<T>(String provider, T value, List<Attempt> attempts) {

    /** Providers skipped or failed before the one that serves: the {@code X-TTS-Fallback-From} list. */
    public List<String> fallbackFrom() {
        return attempts.stream()
                .filter(a -> !Attempt.OK.equals(a.outcome()))
                .map(Attempt::provider)
                .toList();
    }
}
