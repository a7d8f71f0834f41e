package io.ttsgateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.SynthesisRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The provider's plumbing against a stub engine; real speech is in {@link FreeTtsSynthesisTest}. */
class LocalTtsProviderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void shouldSupportPcmWavAndMp3WhenListed() {
        LocalTtsProvider provider = new LocalTtsProvider(StubEngine.tones());

        List<String> supported = OutputFormat.SUPPORTED.stream()
                .filter(value -> provider.supports(OutputFormat.parse(value).orElseThrow()))
                .toList();

        assertThat(provider.name()).isEqualTo("local");
        assertThat(supported).allMatch(v -> v.startsWith("pcm_") || v.startsWith("wav_") || v.startsWith("mp3_"));
        assertThat(supported).hasSize(OutputFormat.SUPPORTED.size() - 7);
        assertThat(supported).doesNotContain("ulaw_8000", "alaw_8000", "opus_48000_32", "opus_48000_192");
    }

    @Test
    void shouldFailWithBadAudioWhenAskedForAnUnsupportedFormat() {
        LocalTtsProvider provider = new LocalTtsProvider(StubEngine.tones());

        StepVerifier.create(provider.synthesize(request("Hello there.", "ulaw_8000")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ProviderFailure.BadAudio.class))
                .verify(TIMEOUT);
    }

    @Test
    void shouldEmitOneChunkPerSentenceWhenStreamingPcm() {
        StubEngine engine = StubEngine.tones();
        LocalTtsProvider provider = new LocalTtsProvider(engine);

        StepVerifier.create(provider.stream(request("The first sentence. The second sentence.", "pcm_16000")))
                .assertNext(b -> assertThat(b.readableByteCount()).isEqualTo("The first sentence.".length() * 320))
                .assertNext(b -> assertThat(b.readableByteCount()).isEqualTo("The second sentence.".length() * 320))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void shouldStopSpeakingFurtherSentencesWhenCancelled() {
        StubEngine engine = StubEngine.tones();
        LocalTtsProvider provider = new LocalTtsProvider(engine);

        StepVerifier.create(
                        provider.stream(
                                request("One sentence here. Two sentences here. Three sentences here.", "pcm_16000")),
                        1)
                .expectNextCount(1)
                .thenCancel()
                .verify(TIMEOUT);

        assertThat(engine.started).contains("One sentence here.").doesNotContain("Three sentences here.");
    }

    @Test
    void shouldMapEngineExceptionsToBadAudio() {
        LocalTtsProvider provider =
                new LocalTtsProvider(new StubEngine(s -> Mono.error(new IllegalStateException("boom"))));

        StepVerifier.create(provider.synthesize(request("Hello there.", "mp3_44100_128")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProviderFailure.BadAudio.class);
                    assertThat(((ProviderFailure) e).provider()).isEqualTo("local");
                    assertThat(e.getMessage()).contains("boom");
                })
                .verify(TIMEOUT);
    }

    @Test
    void shouldReportRefusedWhenTheEngineRejectsWork() {
        LocalTtsProvider provider =
                new LocalTtsProvider(new StubEngine(s -> Mono.error(new RejectedExecutionException("queue full"))));

        StepVerifier.create(provider.stream(request("Hello there.", "pcm_16000")))
                .expectError(ProviderFailure.Refused.class)
                .verify(TIMEOUT);
    }

    @Test
    void shouldFailWithBadAudioWhenNothingIsSpeakable() {
        StubEngine silent = new StubEngine(s -> Mono.just(new short[0]));

        StepVerifier.create(new LocalTtsProvider(silent).synthesize(request("...", "pcm_16000")))
                .expectError(ProviderFailure.BadAudio.class)
                .verify(TIMEOUT);
        StepVerifier.create(new LocalTtsProvider(StubEngine.tones()).synthesize(request("  ", "wav_16000")))
                .expectError(ProviderFailure.BadAudio.class)
                .verify(TIMEOUT);
    }

    @Test
    void shouldPutTheExactDataLengthInTheWavHeaderWhenSentencesAreJoined() {
        LocalTtsProvider provider = new LocalTtsProvider(StubEngine.tones());

        byte[] wav = Audio.bytes(provider.synthesize(request("The first sentence. The second sentence.", "wav_24000")));

        int data = ("The first sentence.".length() + "The second sentence.".length()) * 160 * 3 / 2 * 2;
        assertThat(wav).hasSize(WavHeader.SIZE + data);
        assertThat(Arrays.copyOf(wav, WavHeader.SIZE)).isEqualTo(WavHeader.pcm16Mono(24000, data));
    }

    static SynthesisRequest request(String text, String format) {
        return new SynthesisRequest(text, "kevin16", OutputFormat.parse(format).orElseThrow(), "req-1", Map.of());
    }
}
