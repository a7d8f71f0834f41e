package io.ttsgateway.provider.remote;

/**
 * One configuration of the ElevenLabs-shaped client: Phoenix and ElevenLabs differ only in these values and in the
 * credentials their package puts on the {@code WebClient}.
 *
 * @param name provider name
 * @param baseUrl versioned base URL
 * @param timeouts first byte, idle and total timeouts of every call
 */
public record RemoteSettings(String name, String baseUrl, TimeoutProperties timeouts) {}
