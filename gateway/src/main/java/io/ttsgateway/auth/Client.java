package io.ttsgateway.auth;

/**
 * An app allowed to call the gateway, with its limits (API.md §3, §4).
 *
 * @param id stable id used in metrics, logs and Redis keys
 * @param keySha256 SHA-256 of its key
 * @param limits what it may use
 */
public record Client(String id, byte[] keySha256, ClientLimits limits) {

    @Override
    public String toString() {
        return "Client[" + id + "]";
    }
}
