package io.ttsgateway.provider.local;

import org.springframework.beans.factory.DisposableBean;

/**
 * Starts the offline engine only when the provider chain asks for it: allocating its voices takes a few hundred
 * milliseconds and threads that a gateway in front of Phoenix and ElevenLabs alone does not need. Closes it on
 * shutdown.
 */
class LocalEngineLauncher implements DisposableBean {

    private final LocalProperties properties;
    private FreeTtsEngine engine;
    private LocalTtsProvider provider;

    LocalEngineLauncher(LocalProperties properties) {
        this.properties = properties;
    }

    /** Called once, at startup, while the provider chain is built: it blocks while the voices are allocated. */
    synchronized LocalTtsProvider provider() {
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
