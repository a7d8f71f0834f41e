package io.ttsgateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.TtsProviderContract;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import reactor.core.publisher.Mono;

/** The offline provider with the real FreeTTS engine: one engine for the class, as in production. */
class LocalTtsProviderContractTest extends TtsProviderContract {

    private static final int SENTENCES = 20;

    private static FreeTtsEngine engine;
    private static FreeTtsEngine closed;

    private final RecordingEngine recording = new RecordingEngine(engine);

    @BeforeAll
    static void startEngines() {
        engine = FreeTtsEngine.start(2);
        closed = FreeTtsEngine.start(1);
        closed.close();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Override
    protected TtsProvider speaking() {
        return new LocalTtsProvider(engine);
    }

    /** No μ-law, A-law or Opus encoder in the gateway. */
    @Override
    protected Set<String> unsupportedFormats() {
        return Set.of(
                "ulaw_8000",
                "alaw_8000",
                "opus_48000_32",
                "opus_48000_64",
                "opus_48000_96",
                "opus_48000_128",
                "opus_48000_192");
    }

    @Override
    protected Map<String, Supplier<Call>> failures() {
        Map<String, Supplier<Call>> failures = new LinkedHashMap<>();
        failures.put("a closed engine", () -> new Call(new LocalTtsProvider(closed), request(TEXT, "pcm_16000")));
        failures.put("nothing to speak", () -> new Call(speaking(), request("...", "mp3_44100_128")));
        return failures;
    }

    @Override
    protected Call longAnswer() {
        String text = IntStream.rangeClosed(1, SENTENCES)
                .mapToObj(i -> "This is sentence number " + i + ".")
                .collect(Collectors.joining(" "));
        return new Call(new LocalTtsProvider(recording), request(text, "pcm_16000"));
    }

    /**
     * The engine goes quiet and stays quiet, with sentences left unspoken. Were the cancel lost, the sentences would
     * go on being spoken: the engine would not stay quiet, or would have spoken them all by the time it did.
     */
    @Override
    protected void assertWorkStopped() {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> recording.active.get() == 0);
        assertThat(recording.started).hasSizeLessThan(SENTENCES);
    }

    /** The real engine, recording which sentences it was asked for and how many it is speaking. */
    private static final class RecordingEngine implements LocalEngine {
        final List<String> started = new CopyOnWriteArrayList<>();
        final AtomicInteger active = new AtomicInteger();
        private final LocalEngine delegate;

        RecordingEngine(LocalEngine delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> Mono<T> speak(String sentence, Function<short[], T> then) {
            return Mono.defer(() -> {
                started.add(sentence);
                active.incrementAndGet();
                return delegate.speak(sentence, then).doFinally(signal -> active.decrementAndGet());
            });
        }

        @Override
        public void close() {}
    }
}
