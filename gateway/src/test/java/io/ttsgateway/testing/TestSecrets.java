package io.ttsgateway.testing;

import java.util.List;

/**
 * Every secret the tests hand to the gateway (provider keys, header values, client keys, Redis passwords) and one
 * text a caller asked to speak: none of them may ever appear in any output of the whole test run.
 */
public final class TestSecrets {

    public static final String ELEVENLABS_KEY = "el-secret-api-key";
    public static final String PHOENIX_AUTH_VALUE = "phoenix-secret-value";
    public static final String REDIS_PASSWORD = "s3cret-pw";
    public static final String SPOKEN_TEXT = "My account number is 12345678 and my PIN is 9999.";

    private TestSecrets() {}

    public static List<String> all() {
        return List.of(
                ELEVENLABS_KEY,
                PHOENIX_AUTH_VALUE,
                REDIS_PASSWORD,
                SPOKEN_TEXT,
                TestClients.ALPHA_KEY,
                TestClients.BETA_KEY,
                TestClients.limited(1),
                TestClients.racer(1),
                "el-live-secret-0123456789",
                "phoenix-auth-secret-987");
    }
}
