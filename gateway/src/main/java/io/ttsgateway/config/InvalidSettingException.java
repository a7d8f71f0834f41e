package io.ttsgateway.config;

/** A setting with a value the gateway cannot run with; the message starts with the environment variable's name. */
public class InvalidSettingException extends RuntimeException {

    private final String variable;

    public InvalidSettingException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
