package io.ttsgateway.provider.remote;

import io.ttsgateway.config.Secret;
import java.time.Duration;

/**
 * One configuration of the ElevenLabs-shaped client: Phoenix and ElevenLabs differ only in these values.
 *
 * @param name provider name
 * @param baseUrl versioned base URL
 * @param authHeaderName header carrying the credential, empty for none
 * @param authHeaderValue the credential
 * @param firstByteTimeout from the call to the first body byte
 * @param idleTimeout between two body chunks
 * @param totalTimeout a whole-audio call from start to last byte
 */
public record RemoteSettings(
        String name,
        String baseUrl,
        String authHeaderName,
        Secret authHeaderValue,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration totalTimeout) {}
