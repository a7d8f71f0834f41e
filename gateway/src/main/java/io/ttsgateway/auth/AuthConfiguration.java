package io.ttsgateway.auth;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    ClientRegistry clientRegistry(ClientsProperties properties) {
        return ClientsLoader.load(properties.file());
    }

    @Bean
    StreamTokens streamTokens(ClientsProperties properties, Clock clock) {
        return new StreamTokens(properties.tokenSecret(), clock);
    }

    @Bean
    Authenticator authenticator(ClientRegistry registry, StreamTokens tokens) {
        return new Authenticator(registry, tokens);
    }
}
