package io.ttsgateway.auth;

import java.io.PrintStream;

/** {@code java -jar tts-gateway.jar keygen}: a new client key, and the line that goes into clients.yml. */
public final class KeyGenCommand {

    private KeyGenCommand() {}

    public static void run(PrintStream out) {
        String key = ApiKeys.generate();
        out.println("key: " + key);
        out.println("key-sha256: " + ApiKeys.sha256Hex(key));
        out.println("# Give the key to the app; put only the key-sha256 line into clients.yml.");
    }
}
