package io.ttsgateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ttsgateway.config.InvalidSettingException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

class VoiceCatalogTest {

    private final VoiceCatalog catalog = VoiceCatalogLoader.load(Path.of("../config/voices.yml"));

    @Test
    void shouldMapALogicalVoiceToEachProvidersId() {
        assertThat(catalog.resolve("narrator", "phoenix")).contains("ph-narrator-1");
        assertThat(catalog.resolve("narrator", "elevenlabs")).contains("21m00Tcm4TlvDq8ikWAM");
        assertThat(catalog.resolve("narrator", "local")).contains("kevin16");
    }

    @Test
    void shouldPassOtherIdsThroughAndUseTheDefaultForNone() {
        assertThat(catalog.resolve("pNInz6obpgDQGcFmaJgB", "elevenlabs")).contains("pNInz6obpgDQGcFmaJgB");
        assertThat(catalog.defaultVoice()).isEqualTo("narrator");
        assertThat(catalog.resolve(null, "phoenix")).contains("ph-narrator-1");
    }

    @Test
    void shouldSayWhenALogicalVoiceLacksAProvider() {
        VoiceCatalog partial = VoiceCatalogLoader.parse(
                new YAMLMapper().readTree("voices: [{name: only-eleven, elevenlabs: abc}]"), "t");

        assertThat(partial.resolve("only-eleven", "phoenix")).isEmpty();
        assertThat(partial.defaultVoice()).isEqualTo("only-eleven");
    }

    @Test
    void shouldRefuseIdsThatCouldEscapeAPath() {
        assertThatThrownBy(() -> VoiceCatalogLoader.parse(
                        new YAMLMapper().readTree("voices: [{name: x, phoenix: '../../admin'}]"), "t"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("GATEWAY_VOICES_FILE: ");
    }

    @Test
    void shouldTreatAMissingFileAsNoLogicalVoices() {
        VoiceCatalog none = VoiceCatalogLoader.load(Path.of("does-not-exist.yml"));

        assertThat(none.voices()).isEmpty();
        assertThat(none.resolve(null, "elevenlabs")).contains(VoiceCatalog.FALLBACK_VOICE_ID);
    }
}
