package io.ttsgateway.provider.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** An engine without FreeTTS: answers synchronously and records which sentences it was asked for. */
final class StubEngine implements LocalEngine {

    final List<String> started = Collections.synchronizedList(new ArrayList<>());
    private final Function<String, Mono<short[]>> answer;

    StubEngine(Function<String, Mono<short[]>> answer) {
        this.answer = answer;
    }

    /** A tone of 10 ms per character, so lengths are predictable. */
    static StubEngine tones() {
        return new StubEngine(s -> Mono.just(ResamplerTest.sine(300, SAMPLE_RATE, s.length() * 160, 8000)));
    }

    @Override
    public <T> Mono<T> speak(String sentence, Function<short[], T> then) {
        return Mono.defer(() -> {
            started.add(sentence);
            return answer.apply(sentence).map(then);
        });
    }

    @Override
    public void close() {}
}
