package io.ttsgateway.voice;

import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VoiceConfiguration {

    @Bean
    VoiceCatalog voiceCatalog(VoicesProperties properties) {
        return VoiceCatalogLoader.load(Path.of(properties.file()));
    }
}
