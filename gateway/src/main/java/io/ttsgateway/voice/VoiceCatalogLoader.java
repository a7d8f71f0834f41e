package io.ttsgateway.voice;

import io.ttsgateway.config.InvalidSettingException;
import io.ttsgateway.provider.remote.RemoteUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads {@code voices.yml}: {@code voices: [{name, phoenix, elevenlabs, local}]} and an optional {@code default}. */
public final class VoiceCatalogLoader {

    private static final Set<String> PROVIDERS = Set.of("phoenix", "elevenlabs", "local");
    private static final String SETTING = "GATEWAY_VOICES_FILE";

    private VoiceCatalogLoader() {}

    /** A missing file is an empty catalog (every voice id passes through); an unreadable or invalid one stops startup. */
    public static VoiceCatalog load(Path file) {
        if (!Files.exists(file)) {
            return VoiceCatalog.empty();
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (Exception e) {
            throw new InvalidSettingException(SETTING, file + " is not valid YAML");
        }
        return parse(root, file.toString());
    }

    static VoiceCatalog parse(JsonNode root, String source) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return VoiceCatalog.empty();
        }
        List<Voice> voices = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode list = root.path("voices");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new InvalidSettingException(SETTING, source + ": 'voices' must be a list");
        }
        for (JsonNode entry : list) {
            String name = entry.path("name").asString("");
            check(
                    RemoteUrls.VOICE_ID.matcher(name).matches(),
                    source + ": voice name '" + name + "' must match [A-Za-z0-9_-]{1,64}");
            check(names.add(name), source + ": voice '" + name + "' is listed twice");
            Map<String, String> ids = new LinkedHashMap<>();
            for (String provider : PROVIDERS) {
                JsonNode id = entry.path(provider);
                if (!id.isMissingNode() && !id.isNull()) {
                    String value = id.asString("");
                    check(
                            RemoteUrls.VOICE_ID.matcher(value).matches(),
                            source + ": voice '" + name + "' has an " + provider
                                    + " id that does not match [A-Za-z0-9_-]{1,64}");
                    ids.put(provider, value);
                }
            }
            voices.add(new Voice(name, ids));
        }
        String defaultVoice =
                root.path("default").isString() ? root.path("default").asString() : null;
        check(
                defaultVoice == null
                        || RemoteUrls.VOICE_ID.matcher(defaultVoice).matches(),
                source + ": default voice must match [A-Za-z0-9_-]{1,64}");
        return new VoiceCatalog(voices, defaultVoice);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidSettingException(SETTING, message);
        }
    }
}
