package io.ttsgateway.auth;

/**
 * An app allowed to call the gateway, with its limits (API.md §3, §4).
 *
 * @param id stable id used in metrics, logs and Redis keys
 * @param keySha256 SHA-256 of its key
 * @param limits what it may use
 * @param cacheable whether its requests may be answered from, and stored in, the audio cache ({@code cache: false}
 *     in clients.yml opts out, API.md §9)
 */
public record Client(String id, byte[] keySha256, ClientLimits limits, boolean cacheable) {

    public Client(String id, byte[] keySha256, ClientLimits limits) {
        this(id, keySha256, limits, true);
    }

    @Override
    public String toString() {
        return "Client[" + id + "]";
    }
}
