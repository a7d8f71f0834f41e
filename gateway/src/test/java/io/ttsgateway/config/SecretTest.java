package io.ttsgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void shouldNeverShowItsValueInText() {
        Secret secret = new Secret("sk-live-123");

        assertThat(secret.toString()).isEqualTo("****");
        assertThat(String.valueOf(new Holder(secret))).doesNotContain("sk-live-123");
        assertThat(secret.value()).isEqualTo("sk-live-123");
        assertThat(Secret.NONE.isPresent()).isFalse();
    }

    private record Holder(Secret apiKey) {}
}
