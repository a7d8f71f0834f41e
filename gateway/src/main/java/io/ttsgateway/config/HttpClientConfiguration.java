package io.ttsgateway.config;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.resources.ConnectionProvider;

/** The outbound HTTP infrastructure providers share: one pool of connections. */
@Configuration(proxyBeanMethods = false)
class HttpClientConfiguration {

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
    OutboundHttp outboundHttp(ConnectionProvider providerConnections) {
        return new OutboundHttp(providerConnections);
    }
}
