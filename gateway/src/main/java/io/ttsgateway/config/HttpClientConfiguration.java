package io.ttsgateway.config;

import io.netty.channel.ChannelOption;
import io.ttsgateway.routing.ProvidersProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The one non-blocking HTTP client providers share: pooled connections, the connect timeout, no compression. */
@Configuration(proxyBeanMethods = false)
public class HttpClientConfiguration {

    @Bean(destroyMethod = "dispose")
    ConnectionProvider providerConnections() {
        return ConnectionProvider.builder("tts-providers")
                .maxConnections(500)
                .pendingAcquireMaxCount(1000)
                // Idle connections are closed before a typical load balancer would drop them silently.
                .maxIdleTime(Duration.ofSeconds(30))
                .evictInBackground(Duration.ofSeconds(30))
                .build();
    }

    @Bean
    public WebClient providerWebClient(ConnectionProvider connections, ProvidersProperties properties) {
        HttpClient http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                // Audio must reach the caller as the provider sends it; compression would only add latency.
                .compress(false);
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }
}
