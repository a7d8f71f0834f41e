package io.ttsgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * What every provider must do, whatever is behind it (API.md §1, the {@link TtsProvider} Javadoc): stream audio in
 * chunks, answer whole audio, say which formats it cannot produce, fail only with a {@link ProviderFailure}, and stop
 * working when its caller cancels. One subclass per provider kind arranges each case against a real backend.
 */
public abstract class TtsProviderContract {

    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Two sentences: an engine that speaks a sentence at a time has two chunks to stream. */
    protected static final String TEXT = "Hello there. This is the gateway speaking.";

    /** A provider and what to ask it. */
    public record Call(TtsProvider provider, SynthesisRequest request) {}

    /** A provider arranged to answer {@link #TEXT} with audio in more than one chunk. */
    protected abstract TtsProvider speaking();

    /** The listed output formats this kind cannot produce. */
    protected abstract Set<String> unsupportedFormats();

    /** Each way its backend can fail, by name: arranges it and returns the call that will meet it. */
    protected abstract Map<String, Supplier<Call>> failures();

    /** Arranges an answer far longer than the caller will wait for, and returns the call. */
    protected abstract Call longAnswer();

    /** After the caller of {@link #longAnswer()} cancelled: the work behind it stops (waits for it, or fails). */
    protected abstract void assertWorkStopped();

    protected static SynthesisRequest request(String text, String format) {
        return new SynthesisRequest(text, "kevin16", OutputFormat.parse(format).orElseThrow(), "contract-1", Map.of());
    }

    @Test
    protected void shouldStreamAudioInChunksWhenTheFormatIsSupported() {
        TtsProvider provider = speaking();
        SynthesisRequest request = request(TEXT, "pcm_16000");

        List<byte[]> chunks = chunks(provider.stream(request));

        assertThat(provider.supports(request.format())).isTrue();
        assertThat(chunks)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(chunk -> assertThat(chunk).isNotEmpty());
    }

    @Test
    protected void shouldAnswerWholeAudio() {
        TtsProvider provider = speaking();
        SynthesisRequest request = request(TEXT, OutputFormat.DEFAULT.value());

        List<byte[]> chunks = chunks(provider.synthesize(request));

        assertThat(provider.supports(request.format())).isTrue();
        assertThat(chunks.stream().mapToInt(chunk -> chunk.length).sum()).isPositive();
    }

    @Test
    protected void shouldSayWhichFormatsItCannotProduceAndFailCleanlyWhenAskedAnyway() {
        TtsProvider provider = speaking();

        List<String> unsupported = OutputFormat.SUPPORTED.stream()
                .filter(value -> !provider.supports(OutputFormat.parse(value).orElseThrow()))
                .toList();

        assertThat(unsupported).containsExactlyInAnyOrderElementsOf(unsupportedFormats());
        for (String format : unsupported) {
            expectProviderFailure(new Call(provider, request(TEXT, format)), TtsProvider::stream);
            expectProviderFailure(new Call(provider, request(TEXT, format)), TtsProvider::synthesize);
        }
    }

    @TestFactory
    protected Stream<DynamicTest> shouldFailOnlyWithAProviderFailure() {
        return failures().entrySet().stream()
                .flatMap(failure -> Stream.of(
                        dynamicTest(
                                failure.getKey() + ", whole audio",
                                () -> expectProviderFailure(failure.getValue().get(), TtsProvider::synthesize)),
                        dynamicTest(
                                failure.getKey() + ", stream",
                                () -> expectProviderFailure(failure.getValue().get(), TtsProvider::stream))));
    }

    @Test
    protected void shouldStopWorkingWhenTheCallerCancels() {
        Call call = longAnswer();

        StepVerifier.create(call.provider().stream(call.request()).doOnNext(DataBufferUtils::release))
                .expectNextCount(1)
                .thenCancel()
                .verify(TIMEOUT);

        assertWorkStopped();
    }

    private static void expectProviderFailure(
            Call call, BiFunction<TtsProvider, SynthesisRequest, Flux<DataBuffer>> path) {
        StepVerifier.create(path.apply(call.provider(), call.request()).doOnNext(DataBufferUtils::release))
                // Audio may come before a failure part-way; the end is what matters.
                .thenConsumeWhile(chunk -> true)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ProviderFailure.class);
                    assertThat(((ProviderFailure) error).provider())
                            .isEqualTo(call.provider().name());
                    // Nothing of the transport underneath leaves the provider, not even as a cause.
                    assertThat(error.getCause()).isNull();
                })
                .verify(TIMEOUT);
    }

    private static List<byte[]> chunks(Flux<DataBuffer> audio) {
        List<byte[]> chunks = new ArrayList<>();
        StepVerifier.create(audio.map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                }))
                .recordWith(() -> chunks)
                .thenConsumeWhile(chunk -> true)
                .expectComplete()
                .verify(TIMEOUT);
        return chunks;
    }
}
