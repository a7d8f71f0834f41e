package io.ttsgateway.provider.local;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Test helpers to read audio fluxes. */
final class Audio {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Audio() {}

    static byte[] bytes(Flux<DataBuffer> audio) {
        AtomicReference<byte[]> result = new AtomicReference<>();
        StepVerifier.create(joined(audio))
                .consumeNextWith(result::set)
                .expectComplete()
                .verify(TIMEOUT);
        return result.get();
    }

    static List<byte[]> chunks(Flux<DataBuffer> audio) {
        AtomicReference<List<byte[]>> result = new AtomicReference<>();
        StepVerifier.create(audio.map(Audio::toArray).collectList())
                .consumeNextWith(result::set)
                .expectComplete()
                .verify(TIMEOUT);
        return result.get();
    }

    static Mono<byte[]> joined(Flux<DataBuffer> audio) {
        return audio.map(Audio::toArray)
                .collect(ByteArrayOutputStream::new, ByteArrayOutputStream::writeBytes)
                .map(ByteArrayOutputStream::toByteArray);
    }

    static byte[] toArray(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        return bytes;
    }

    static short[] littleEndianSamples(byte[] bytes) {
        return Pcm16.toSamples(bytes, false);
    }
}
