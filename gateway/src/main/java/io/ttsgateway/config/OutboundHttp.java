package io.ttsgateway.config;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Non-blocking HTTP clients on the one connection pool providers share. Each provider package builds its own client
 * from here, with its own connect timeout and headers, so this package needs to know nothing about providers.
 */
public final class OutboundHttp {

    private final ConnectionProvider connections;

    public OutboundHttp(ConnectionProvider connections) {
        this.connections = connections;
    }

    /** A builder whose client opens connections within {@code connectTimeout} and never asks for compression. */
    public WebClient.Builder webClient(Duration connectTimeout) {
        HttpClient http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                // Audio must reach the caller as the provider sends it; compression would only add latency.
                .compress(false);
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http));
    }
}
