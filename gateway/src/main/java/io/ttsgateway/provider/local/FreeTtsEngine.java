package io.ttsgateway.provider.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * FreeTTS with the bundled {@code kevin16} voice: a pool of allocated voices and a bounded scheduler with one thread
 * per voice. {@code speak()} blocks, so it runs only on these threads, never on an event loop.
 */
final class FreeTtsEngine implements LocalEngine {

    private static final Logger log = LoggerFactory.getLogger(FreeTtsEngine.class);

    /** Sentences waiting per engine thread; beyond this the engine refuses rather than queueing without bound. */
    private static final int MAX_QUEUED_PER_THREAD = 10_000;

    private static final int THREAD_TTL_SECONDS = 60;

    private final BlockingQueue<KevinVoice> idle;
    private final Scheduler scheduler;
    private final int voices;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FreeTtsEngine(List<KevinVoice> voices) {
        this.voices = voices.size();
        this.idle = new ArrayBlockingQueue<>(voices.size(), false, voices);
        this.scheduler = Schedulers.newBoundedElastic(
                voices.size(), MAX_QUEUED_PER_THREAD, "local-tts", THREAD_TTL_SECONDS, true);
    }

    /**
     * Allocates all voices now, so the first request does not pay for it. Blocks for a few hundred ms: call it at
     * startup, not on an event loop.
     *
     * @param voices how many sentences can be spoken at once ({@code LOCAL_TTS_VOICES})
     */
    static FreeTtsEngine start(int voices) {
        if (voices < 1) {
            throw new IllegalArgumentException("the local engine needs at least one voice, got " + voices);
        }
        long started = System.nanoTime();
        List<KevinVoice> allocated = new ArrayList<>(voices);
        try {
            for (int i = 0; i < voices; i++) {
                allocated.add(KevinVoice.allocate());
            }
        } catch (RuntimeException | Error e) {
            allocated.forEach(KevinVoice::deallocate);
            throw e;
        }
        log.info(
                "Local speech engine ready: {} x {} allocated in {} ms",
                voices,
                KevinVoice.NAME,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new FreeTtsEngine(allocated);
    }

    /** How many voices were allocated. */
    int voices() {
        return voices;
    }

    @Override
    public <T> Mono<T> speak(String sentence, Function<short[], T> then) {
        return onWorker(voice -> voice.speak(sentence), then);
    }

    @Override
    public <T> Mono<T> speakTimed(String sentence, Function<Spoken, T> then) {
        return onWorker(voice -> voice.speakTimed(sentence), then);
    }

    /**
     * {@code speak} with a voice on an engine thread, then {@code then} on what it said, on the same thread once the
     * voice is back in the pool.
     */
    private <S, T> Mono<T> onWorker(Function<KevinVoice, S> speak, Function<S, T> then) {
        return Mono.create(sink -> {
            if (closed.get()) {
                sink.error(new RejectedExecutionException("the local engine is closed"));
                return;
            }
            AtomicBoolean cancelled = new AtomicBoolean();
            sink.onCancel(() -> cancelled.set(true));
            // Scheduled directly rather than with subscribeOn: cancelling subscribeOn interrupts the worker, and an
            // interrupted speak() can leave the voice's output thread finishing into the next caller's audio. A
            // cancelled sentence that already started is let finish and dropped.
            scheduler.schedule(() -> {
                if (!cancelled.get()) {
                    speakOnWorker(speak, then, sink);
                }
            });
        });
    }

    private <S, T> void speakOnWorker(Function<KevinVoice, S> speak, Function<S, T> then, MonoSink<T> sink) {
        T result;
        try {
            S samples;
            // As many threads as voices, so a voice is always free here; take() only guards the invariant.
            KevinVoice voice = idle.take();
            try {
                samples = speak.apply(voice);
            } finally {
                // Back before the conversion, so that encoding does not hold a voice.
                release(voice);
            }
            result = then.apply(samples);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.error(e);
            return;
        } catch (Throwable e) {
            Exceptions.throwIfJvmFatal(e);
            sink.error(e);
            return;
        }
        sink.success(result);
    }

    private void release(KevinVoice voice) {
        idle.add(voice);
        if (closed.get()) {
            deallocateIdle();
        }
    }

    /** Stops the threads and frees the voices; a voice still speaking is freed when it comes back. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            scheduler.dispose();
            deallocateIdle();
            log.info("Local speech engine closed");
        }
    }

    private void deallocateIdle() {
        KevinVoice voice;
        while ((voice = idle.poll()) != null) {
            voice.deallocate();
        }
    }
}
