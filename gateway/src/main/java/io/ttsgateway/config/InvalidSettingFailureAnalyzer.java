package io.ttsgateway.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a bad setting into one line naming it (API.md §6), instead of a stack trace: either our own checks
 * ({@link InvalidSettingException}) or a value Spring could not convert (a duration that is not one, say).
 */
class InvalidSettingFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        BindException bind = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return analysis(invalid.getMessage(), invalid.variable());
            }
            if (t instanceof BindException b && bind == null) {
                bind = b;
            }
        }
        if (bind != null) {
            String property = bind.getProperty() != null
                    ? bind.getProperty().getName().toString()
                    : bind.getName().toString();
            String setting = SettingNames.describe(property);
            Object value =
                    bind.getProperty() == null ? null : bind.getProperty().getValue();
            return analysis(setting + ": '" + value + "' is not a valid value", setting);
        }
        return null;
    }

    private static FailureAnalysis analysis(String line, String setting) {
        return new FailureAnalysis("Invalid configuration: " + line, "Correct " + setting + " and start again.", null);
    }
}
