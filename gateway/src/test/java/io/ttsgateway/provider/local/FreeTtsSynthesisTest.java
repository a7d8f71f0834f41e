package io.ttsgateway.provider.local;

import static io.ttsgateway.provider.local.LocalTtsProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.SynthesisRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Real speech through FreeTTS: one engine (two voices, as by default) for the whole class. */
class FreeTtsSynthesisTest {

    private static final String HELLO = "Hello world. This is the gateway speaking.";

    private static FreeTtsEngine engine;
    private static LocalTtsProvider provider;

    @BeforeAll
    static void startEngine() {
        engine = FreeTtsEngine.start(2);
        provider = new LocalTtsProvider(engine);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @ParameterizedTest
    @CsvSource({"pcm_16000, 16000", "pcm_44100, 44100", "pcm_8000, 8000"})
    void shouldSpeakAudiblyForAPlausibleTimeWhenAskedForPcm(String format, int rate) {
        byte[] pcm = Audio.bytes(provider.synthesize(request(HELLO, format)));

        short[] samples = Audio.littleEndianSamples(pcm);
        double seconds = (double) samples.length / rate;
        assertThat(seconds).isBetween(1.5, 5.0);
        assertThat(ResamplerTest.rms(samples)).isGreaterThan(500.0);
    }

    @Test
    void shouldPutEachUtterancesPhonesWhereItsAudioStarts() {
        // FreeTTS speaks this as four utterances (it cuts at ":"), each planned about 0.1 s longer than the audio it
        // makes. Placed by plan, the last phones would end some 0.4 s after the audio; placed on each utterance's
        // real start, no later than one utterance's overrun.
        Spoken spoken = engine.speakTimed("Wait: we said: one, two: three.", said -> said)
                .block(Duration.ofSeconds(30));
        double audio = spoken.samples().length / (double) LocalEngine.SAMPLE_RATE;
        List<PhoneCapture.Phone> phones = spoken.phones();
        assertThat(phones).extracting(PhoneCapture.Phone::name).contains("th", "r", "iy");
        assertThat(phones.get(phones.size() - 1).end()).isLessThan(audio + 0.2);
        for (int i = 1; i < phones.size(); i++) {
            assertThat(phones.get(i).start())
                    .isGreaterThanOrEqualTo(phones.get(i - 1).start());
        }
    }

    @Test
    void shouldKeepTheDurationWhenResampling() {
        int at16k = Audio.bytes(provider.synthesize(request(HELLO, "pcm_16000"))).length;
        int at44k = Audio.bytes(provider.synthesize(request(HELLO, "pcm_44100"))).length;

        assertThat((double) at44k / at16k).isCloseTo(44100.0 / 16000, within(0.001));
    }

    @Test
    void shouldWriteAWavWhoseHeaderMatchesItsData() {
        byte[] wav = Audio.bytes(provider.synthesize(request(HELLO, "wav_22050")));

        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(wav.length - 8);
        assertThat(b.getInt(24)).isEqualTo(22050);
        assertThat(b.getInt(40)).isEqualTo(wav.length - WavHeader.SIZE);
    }

    @ParameterizedTest
    @CsvSource({"mp3_44100_128, 1", "mp3_22050_32, 2", "mp3_24000_48, 2", "mp3_44100_32, 1"})
    void shouldEncodeMp3AtTheRequestedRateAndBitrate(String value, int mpegVersion) {
        OutputFormat format = OutputFormat.parse(value).orElseThrow();

        Mp3Frames frames = Mp3Frames.parse(Audio.bytes(provider.synthesize(request(HELLO, value))));

        Mp3Frames.Header first = frames.headers().get(0);
        assertThat(first.version()).isEqualTo(mpegVersion);
        assertThat(first.layer()).isEqualTo(3);
        assertThat(first.sampleRate()).isEqualTo(format.sampleRate());
        assertThat(first.bitrateKbps()).isEqualTo(format.bitrateKbps());
        assertThat(first.mono()).isTrue();
        assertThat(frames.headers())
                .allMatch(h -> h.sampleRate() == format.sampleRate() && h.bitrateKbps() == format.bitrateKbps());
        assertThat(frames.trailingBytes()).isZero();
        assertThat(frames.seconds()).isBetween(1.5, 5.0);
    }

    @ParameterizedTest
    @CsvSource({"pcm_16000", "mp3_44100_128"})
    void shouldStreamTheFirstSentenceBeforeTheSecondIsSpoken(String format) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<String> convertingThreads = Collections.synchronizedList(new ArrayList<>());
        LocalEngine recording = new LocalEngine() {
            @Override
            public <T> Mono<T> speak(String sentence, Function<short[], T> then) {
                return Mono.defer(() -> {
                            events.add("start " + sentence);
                            return engine.speak(sentence, samples -> {
                                convertingThreads.add(Thread.currentThread().getName());
                                return then.apply(samples);
                            });
                        })
                        .doOnNext(result -> events.add("end " + sentence));
            }

            @Override
            public void close() {}
        };

        // Demand comes one chunk at a time and late, as from a slow client.
        StepVerifier.create(new LocalTtsProvider(recording).stream(request(HELLO, format)), 0)
                .thenRequest(1)
                .consumeNextWith(chunk -> events.add("chunk"))
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(chunk -> events.add("chunk"))
                .expectComplete()
                .verify(Audio.TIMEOUT);

        assertThat(events.stream().filter("chunk"::equals).count()).isGreaterThanOrEqualTo(2);
        assertThat(events.subList(0, 4))
                .containsExactly(
                        "start Hello world.", "end Hello world.", "chunk", "start This is the gateway speaking.");
        assertThat(convertingThreads).hasSize(2).allMatch(name -> name.startsWith("local-tts"));
    }

    @ParameterizedTest
    @CsvSource({"pcm_22050", "mp3_44100_128", "wav_16000"})
    void shouldNotBlockWhenSubscribedAndCancelledFromANonBlockingThread(String format) {
        StepVerifier.create(provider.stream(request(HELLO, format)).subscribeOn(Schedulers.parallel()))
                .thenConsumeWhile(chunk -> true)
                .expectComplete()
                .verify(Audio.TIMEOUT);
        StepVerifier.create(provider.stream(request(HELLO, format)).subscribeOn(Schedulers.parallel()))
                .expectNextCount(1)
                .thenCancel()
                .verify(Audio.TIMEOUT);
    }

    @Test
    void shouldMatchSoloOutputWhenSentencesAreSpokenConcurrently() {
        List<String> texts = List.of(
                "The quick brown fox jumps over the lazy dog. It was not amused.",
                "Pack my box with five dozen liquor jugs, please.",
                "How vexingly quick daft zebras jump! Nobody knows why.",
                "Sphinx of black quartz, judge my vow. Then rest a while.");
        List<byte[]> alone = texts.stream()
                .map(t -> Audio.bytes(provider.synthesize(request(t, "pcm_16000"))))
                .toList();

        List<Integer> order = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < texts.size(); i++) {
                order.add(i);
            }
        }
        List<byte[]> together = new ArrayList<>();
        StepVerifier.create(Flux.fromIterable(order)
                        .flatMapSequential(i -> Audio.joined(provider.synthesize(request(texts.get(i), "pcm_16000"))))
                        .collectList())
                .consumeNextWith(together::addAll)
                .expectComplete()
                .verify(Audio.TIMEOUT);

        for (int k = 0; k < order.size(); k++) {
            byte[] expected = alone.get(order.get(k));
            assertThat(Arrays.mismatch(together.get(k), expected))
                    .as("first differing byte of call %d (%s)", k, texts.get(order.get(k)))
                    .isEqualTo(-1);
        }
    }

    @Test
    void shouldSpeakWithKevinWhateverTheVoiceIdAndOptions() {
        SynthesisRequest kevin = request(HELLO, "pcm_16000");
        SynthesisRequest other = new SynthesisRequest(
                HELLO,
                "21m00Tcm4TlvDq8ikWAM",
                kevin.format(),
                "req-2",
                Map.of("model_id", "eleven_multilingual_v2", "language_code", "de"));

        assertThat(Audio.bytes(provider.synthesize(other))).isEqualTo(Audio.bytes(provider.synthesize(kevin)));
    }

    @Test
    void shouldAllocateEveryVoiceAtStartWhenAskedForAPool() {
        assertThat(engine.voices()).isEqualTo(2);
        assertThatThrownBy(() -> FreeTtsEngine.start(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseWorkWhenTheEngineIsClosed() {
        FreeTtsEngine closed = FreeTtsEngine.start(1);
        closed.close();

        StepVerifier.create(new LocalTtsProvider(closed).stream(request(HELLO, "pcm_16000")))
                .expectError(ProviderFailure.Refused.class)
                .verify(Audio.TIMEOUT);
    }
}
