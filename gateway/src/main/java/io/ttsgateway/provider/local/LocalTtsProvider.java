package io.ttsgateway.provider.local;

import io.ttsgateway.provider.OutputFormat;
import io.ttsgateway.provider.ProviderFailure;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline provider: speaks sentence by sentence, so a stream's first chunk costs one sentence, and converts each
 * sentence to the requested rate and codec as it arrives.
 *
 * <p>The engine has one voice, and every voice id speaks with it: the voice map gives the local provider
 * {@code kevin16} for logical voices, but an app may send a raw id meant for another provider, and a fresh checkout
 * (local as the only provider) must still speak rather than reject it. Options such as {@code model_id} mean nothing
 * to this engine and are ignored.
 */
public final class LocalTtsProvider implements TtsProvider {

    public static final String NAME = "local";

    private final LocalEngine engine;

    /** The provider does not own the engine: whoever created it closes it. */
    LocalTtsProvider(LocalEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Every logical voice, even one the voice map gives no local id, is spoken with the engine's one voice. */
    @Override
    public Optional<String> fallbackVoice() {
        return Optional.of(KevinVoice.NAME);
    }

    /** PCM, WAV and MP3 at every listed rate; there is no μ-law, A-law or Opus encoder in the gateway. */
    @Override
    public boolean supports(OutputFormat format) {
        return switch (format.codec()) {
            case PCM, WAV, MP3 -> true;
            case ULAW, ALAW, OPUS -> false;
        };
    }

    /** Its alignment comes from its own synthesis: the phones FreeTTS spoke and their durations (API.md §7). */
    @Override
    public boolean supportsTimestamps() {
        return true;
    }

    @Override
    public Flux<DataBuffer> synthesize(SynthesisRequest request) {
        return audio(request);
    }

    /** WAV, not streamable, comes whole as for {@link #synthesize}; PCM and MP3 come a sentence at a time. */
    @Override
    public Flux<DataBuffer> stream(SynthesisRequest request) {
        return audio(request);
    }

    private Flux<DataBuffer> audio(SynthesisRequest request) {
        OutputFormat format = request.format();
        if (!supports(format)) {
            return Flux.error(new ProviderFailure.BadAudio(NAME, "the local engine cannot produce " + format));
        }
        if (request.withTimestamps()) {
            return timed(request);
        }
        return Flux.defer(() -> {
                    Conversion conversion = Conversion.of(format);
                    Flux<byte[]> audio = speech(request.text(), conversion);
                    return format.codec() == OutputFormat.Codec.WAV ? Wav.of(audio, format.sampleRate()) : audio;
                })
                .filter(bytes -> bytes.length > 0)
                .<DataBuffer>map(DefaultDataBufferFactory.sharedInstance::wrap)
                .onErrorMap(e -> !(e instanceof ProviderFailure), LocalTtsProvider::failure);
    }

    /**
     * ElevenLabs' timestamps shape, one JSON object per line and per sentence, with each sentence's times moved by the
     * audio before it (exact: the engine's own sample count). WAV, whole audio only, comes as one object (its header
     * needs the length of all the audio).
     */
    private Flux<DataBuffer> timed(SynthesisRequest request) {
        OutputFormat format = request.format();
        boolean wav = format.codec() == OutputFormat.Codec.WAV;
        return Flux.defer(() -> {
                    Conversion conversion = Conversion.of(format);
                    double[] before = {0};
                    List<String> spoken = SentenceSplitter.split(request.text());
                    List<String> written = LocalTimings.asWritten(request.text(), spoken);
                    Flux<ObjectNode> sentences = Flux.range(0, spoken.size())
                            .concatMap(i -> engine.speakTimed(spoken.get(i), said -> {
                                byte[] audio = conversion.sentence(said.samples());
                                double duration = said.samples().length / (double) LocalEngine.SAMPLE_RATE;
                                var line = LocalTimings.sentence(
                                        written.get(i), said.phones(), before[0], duration, audio);
                                before[0] += duration;
                                return line;
                            }))
                            .concatWith(Mono.fromCallable(conversion::finish)
                                    .filter(tail -> tail.length > 0)
                                    .map(LocalTimings::audioOnly));
                    Flux<ObjectNode> lines = wav
                            ? sentences
                                    .collectList()
                                    .map(all -> LocalTimings.wav(all, format.sampleRate()))
                                    .flux()
                            : sentences;
                    return lines.map(line -> (line + "\n").getBytes(StandardCharsets.UTF_8));
                })
                .<DataBuffer>map(DefaultDataBufferFactory.sharedInstance::wrap)
                .onErrorMap(e -> !(e instanceof ProviderFailure), LocalTtsProvider::failure);
    }

    /**
     * One sentence at a time and in order: concatMap starts the next sentence only once the previous one's audio has
     * gone downstream, and a cancel stops the sentences not yet started. Each sentence is converted on the engine's
     * thread as it is spoken, so an MP3 stream's frames flow while later sentences are still to come.
     */
    private Flux<byte[]> speech(String text, Conversion conversion) {
        List<String> sentences = SentenceSplitter.split(text);
        return Flux.fromIterable(sentences)
                .concatMap(sentence -> engine.speak(sentence, conversion::sentence))
                .concatWith(Mono.fromCallable(conversion::finish));
    }

    private static ProviderFailure failure(Throwable e) {
        if (e instanceof RejectedExecutionException) {
            // The engine's queue is full or it is shut down: like a refused connection, the next provider can try.
            return new ProviderFailure.Refused(NAME, "local engine unavailable: " + e.getMessage());
        }
        return new ProviderFailure.BadAudio(NAME, "local engine failed: " + e);
    }
}
