package io.ttsgateway.provider.local;

import io.ttsgateway.provider.TtsProvider;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Starts the offline engine only when the provider chain asks for it: allocating its voices takes a few hundred
 * milliseconds and threads that a gateway in front of Phoenix and ElevenLabs alone does not need. Closes it on
 * shutdown.
 */
@Component
class LocalEngineLauncher implements Supplier<TtsProvider>, DisposableBean {

    private final LocalProperties properties;
    private FreeTtsEngine engine;
    private LocalTtsProvider provider;

    LocalEngineLauncher(LocalProperties properties) {
        this.properties = properties;
    }

    /** Called once, at startup, while the provider chain is built. */
    @Override
    public synchronized TtsProvider get() {
        if (provider == null) {
            engine = FreeTtsEngine.start(properties.voices());
            provider = new LocalTtsProvider(engine);
        }
        return provider;
    }

    @Override
    public synchronized void destroy() {
        if (engine != null) {
            engine.close();
        }
    }
}
