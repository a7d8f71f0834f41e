package io.ttsgateway.provider;

/**
 * What out-of-band checks know about one provider: its health probe (API.md §1 "Health": N failures in a row mark it
 * down, one success brings it back) and, for ElevenLabs, whether its account quota is spent. Written by the probes,
 * read by routing on every request. Each provider package creates its provider's one instance.
 */
public final class ProviderHealth {

    private final int failuresToMarkDown;
    private int consecutiveFailures;
    private volatile boolean down;
    private volatile boolean quotaExhausted;

    public ProviderHealth(int failuresToMarkDown) {
        this.failuresToMarkDown = failuresToMarkDown;
    }

    /** For a provider without a health probe: never marked down, so only its quota state matters. */
    public static ProviderHealth unprobed() {
        return new ProviderHealth(1);
    }

    /** @return true when this probe changed the up/down state */
    public synchronized boolean recordProbe(boolean ok) {
        boolean wasDown = down;
        if (ok) {
            consecutiveFailures = 0;
            down = false;
        } else if (++consecutiveFailures >= failuresToMarkDown) {
            down = true;
        }
        return wasDown != down;
    }

    public boolean isDown() {
        return down;
    }

    public void markQuotaExhausted() {
        quotaExhausted = true;
    }

    public void clearQuotaExhausted() {
        quotaExhausted = false;
    }

    /** Back to the state at startup: up, quota not spent. */
    public synchronized void reset() {
        consecutiveFailures = 0;
        down = false;
        quotaExhausted = false;
    }

    public boolean isQuotaExhausted() {
        return quotaExhausted;
    }
}
