package io.ttsgateway.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    ClientRegistry clientRegistry(ClientsProperties properties) {
        return ClientsLoader.load(properties.file());
    }

    @Bean
    StreamTokens streamTokens(ClientsProperties properties, java.time.Clock clock) {
        return new StreamTokens(properties.tokenSecret(), clock);
    }
}
