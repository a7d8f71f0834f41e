package io.ttsgateway.provider;

import java.util.Optional;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * Something that turns text into audio. Implementations never let transport exceptions escape: every failure is a
 * {@link ProviderFailure}, so routing can decide on fallback without knowing about HTTP or Netty.
 */
public interface TtsProvider {

    /** The contract's provider name: {@code phoenix}, {@code elevenlabs} or {@code local}. */
    String name();

    /**
     * The voice to use when a logical voice has no id for this provider. Empty (the default) makes routing skip the
     * provider with outcome {@code voice}; an engine that can speak anything in some voice says which.
     */
    default Optional<String> fallbackVoice() {
        return Optional.empty();
    }

    /** Whether this provider can produce the format; routing skips it (outcome {@code format}) when not. */
    boolean supports(OutputFormat format);

    /**
     * Whether this provider answers {@link SynthesisRequest#withTimestamps()} requests (API.md §7); routing skips it
     * (outcome {@code timestamps}) when not.
     */
    default boolean supportsTimestamps() {
        return false;
    }

    /**
     * Whole audio: the provider's non-streaming path. Still a flux of buffers, which the router collects (bounded)
     * before anything reaches the caller, so a failure part-way through remains a failure before the first byte.
     */
    Flux<DataBuffer> synthesize(SynthesisRequest request);

    /** Streamed audio: each buffer is forwarded to the caller as it arrives. Cancelling it cancels the upstream. */
    Flux<DataBuffer> stream(SynthesisRequest request);
}
