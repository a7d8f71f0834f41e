package io.ttsgateway.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AlignmentTest {

    @Test
    void shouldHaveOneEntryPerCodePoint() {
        // A provider's one "character" of two code points (e + combining acute), and one outside the BMP (a surrogate
        // pair, one code point): three entries, each with its provider character's times.
        Alignment alignment = Alignment.fromJson(JsonMapper.builder()
                .build()
                .readTree("{\"characters\":[\"e\u0301\",\"\ud83d\udc4b\"],"
                        + "\"character_start_times_seconds\":[0.0,0.5],\"character_end_times_seconds\":[0.5,0.9]}"));
        assertThat(alignment.characters()).containsExactly("e", "\u0301", "\ud83d\udc4b");
        assertThat(alignment.starts()).containsExactly(0.0, 0.0, 0.5);
        assertThat(alignment.ends()).containsExactly(0.5, 0.5, 0.9);
    }
}
