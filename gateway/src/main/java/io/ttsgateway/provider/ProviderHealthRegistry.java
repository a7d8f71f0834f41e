package io.ttsgateway.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link ProviderHealth} per provider name, shared by the probes that write it and the routing that reads it. */
public final class ProviderHealthRegistry {

    private final Map<String, ProviderHealth> byName = new ConcurrentHashMap<>();
    private final int failuresToMarkDown;

    public ProviderHealthRegistry(int failuresToMarkDown) {
        this.failuresToMarkDown = failuresToMarkDown;
    }

    public ProviderHealth of(String provider) {
        return byName.computeIfAbsent(provider, p -> new ProviderHealth(failuresToMarkDown));
    }
}
