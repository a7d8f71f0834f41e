package io.ttsgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProviderHealthTest {

    @Test
    void shouldGoDownAfterThreeFailuresInARowAndUpAfterOneSuccess() {
        ProviderHealth health = new ProviderHealth(3);

        assertThat(health.recordProbe(false)).isFalse();
        assertThat(health.recordProbe(false)).isFalse();
        assertThat(health.isDown()).isFalse();
        assertThat(health.recordProbe(false)).as("state changed").isTrue();
        assertThat(health.isDown()).isTrue();
        assertThat(health.recordProbe(false)).isFalse();
        assertThat(health.recordProbe(true)).isTrue();
        assertThat(health.isDown()).isFalse();
    }

    @Test
    void shouldStartCountingAgainAfterASuccess() {
        ProviderHealth health = new ProviderHealth(3);

        health.recordProbe(false);
        health.recordProbe(false);
        health.recordProbe(true);
        health.recordProbe(false);
        health.recordProbe(false);

        assertThat(health.isDown()).isFalse();
    }
}
