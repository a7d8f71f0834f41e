package io.ttsgateway.provider.local;

import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/** WAV states its data length in the header, so the whole audio is gathered before anything is sent. */
final class Wav {

    private Wav() {}

    /** @param pcm little-endian 16-bit mono parts */
    static Flux<byte[]> of(Flux<byte[]> pcm, int sampleRate) {
        return pcm.collectList().flatMapIterable(parts -> {
            long length = parts.stream().mapToLong(part -> part.length).sum();
            List<byte[]> out = new ArrayList<>(parts.size() + 1);
            out.add(WavHeader.pcm16Mono(sampleRate, length));
            out.addAll(parts);
            return out;
        });
    }
}
