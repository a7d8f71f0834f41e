package io.ttsgateway.auth;

import io.ttsgateway.config.Secret;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the gateway (API.md §3).
 *
 * @param file {@code GATEWAY_CLIENTS_FILE}: blank means {@code config/clients.yml}, or a development client
 * @param tokenSecret {@code GATEWAY_TOKEN_SECRET}: key of browser stream tokens, random per process when blank, else
 *     at least 32 bytes (API.md §2): a short one would make tokens forgeable by guessing it
 * @param corsOrigins {@code GATEWAY_CORS_ORIGINS}: origins allowed to call from a browser
 */
@ConfigurationProperties("gateway.clients")
public record ClientsProperties(
        @DefaultValue("") String file,
        @DefaultValue Secret tokenSecret,
        @DefaultValue List<String> corsOrigins) {

    public ClientsProperties {
        tokenSecret = StreamTokens.requireStrong(tokenSecret == null ? Secret.NONE : tokenSecret);
        corsOrigins =
                corsOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
