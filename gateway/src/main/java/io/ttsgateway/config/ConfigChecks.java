package io.ttsgateway.config;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/**
 * Checks used in the compact constructors of properties records. Each failure names the environment variable, so
 * that startup stops with one line an operator can act on (API.md §6).
 */
public final class ConfigChecks {

    private ConfigChecks() {}

    public static int range(String variable, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(variable, value + " is not between " + min + " and " + max);
        }
        return value;
    }

    public static Duration positive(String variable, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            String shown = value == null ? "empty" : DurationStyle.SIMPLE.print(value);
            throw new InvalidSettingException(variable, shown + " must be a positive duration such as 500ms or 2s");
        }
        return value;
    }
}
