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
        // Per provider host. A stream holds its connection for as long as the provider speaks (seconds), so a burst
        // of streams needs as many connections as it has streams: with 500, the 501st of 1,000 streams opened at
        // once waited for a whole stream to end before its first byte (bench: +1 s at 1,000 streams).
        return ConnectionProvider.builder("tts-providers")
                .maxConnections(2048)
                .pendingAcquireMaxCount(4096)
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
