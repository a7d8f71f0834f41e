package io.ttsgateway;

import io.ttsgateway.auth.KeyGenCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        if (args.length > 0 && "keygen".equals(args[0])) {
            KeyGenCommand.run(System.out);
            return;
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
