package io.ttsgateway.timing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TimingConfiguration {

    /** Loaded at startup (about 100 ms), so that no request waits for the dictionary and no event loop loads it. */
    @Bean
    Pronouncer pronouncer() {
        return Pronouncer.load();
    }
}
