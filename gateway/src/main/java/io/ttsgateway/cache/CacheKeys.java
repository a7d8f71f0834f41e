package io.ttsgateway.cache;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cache key of a request (API.md §9): HMAC-SHA256 over its canonical form, so that neither Redis nor memory holds
 * anything from which the text could be read, and replicas sharing {@code TTS_CACHE_SECRET} share entries. Pure.
 *
 * <p>The canonical form is a sequence of length-prefixed UTF-8 fields in a fixed order: a version, the scope, voice,
 * format and variant, then <em>every</em> option in name order (so an option passed to providers can never be left
 * out of the key), and last the text after Unicode NFC with each run of white space collapsed to one space. Numbers
 * are written by value ({@code 0.50} and {@code 0.5} are one entry), maps in key order. Length prefixes keep fields
 * from running into each other: {@code ("ab", "c")} and {@code ("a", "bc")} differ.
 */
public final class CacheKeys {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "tts-cache-v1";
    private static final Pattern WHITE_SPACE = Pattern.compile("[\\s\\p{Z}\\u0085]+");

    private final SecretKeySpec secret;
    private final ThreadLocal<Mac> macs;

    public CacheKeys(byte[] secret) {
        this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The key: 64 lowercase hex digits. */
    public String key(CacheableRequest request) {
        Mac mac = macs.get();
        mac.reset();
        return HexFormat.of().formatHex(mac.doFinal(canonical(request)));
    }

    /**
     * The text as the key sees it: NFC, white space runs collapsed to one space, no white space at either end. White
     * space is Unicode's (separators, tabs, line breaks), not the zero-width characters, which some providers read as
     * word breaks (Thai, for one).
     */
    static String normalizedText(String text) {
        return WHITE_SPACE
                .matcher(Normalizer.normalize(text, Normalizer.Form.NFC))
                .replaceAll(" ")
                .strip();
    }

    static byte[] canonical(CacheableRequest request) {
        Fields fields = new Fields();
        fields.add("version", VERSION);
        fields.add("scope", request.scope());
        fields.add("voice", request.voice());
        fields.add("format", request.format());
        fields.add("variant", request.variant());
        new TreeMap<>(request.options()).forEach((name, value) -> fields.add("option:" + name, canonicalValue(value)));
        fields.add("text", normalizedText(request.text()));
        return fields.bytes();
    }

    /** A value written the same way whatever its Java type: numbers by value, maps by key order, lists in order. */
    static String canonicalValue(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            Fields fields = new Fields();
            new TreeMap<>(stringKeys(map)).forEach((k, v) -> fields.add(k, canonicalValue(v)));
            return "map:" + HexFormat.of().formatHex(fields.bytes());
        }
        if (value instanceof List<?> list) {
            Fields fields = new Fields();
            list.forEach(item -> fields.add("item", canonicalValue(item)));
            return "list:" + HexFormat.of().formatHex(fields.bytes());
        }
        if (value instanceof Number number) {
            return "number:" + canonicalNumber(number);
        }
        if (value instanceof Boolean bool) {
            return "boolean:" + bool;
        }
        return "string:" + value;
    }

    private static String canonicalNumber(Number number) {
        if ((number instanceof Double d && !Double.isFinite(d)) || (number instanceof Float f && !Float.isFinite(f))) {
            return number.toString();
        }
        BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
        return decimal.signum() == 0 ? "0" : decimal.toPlainString();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> keyed = new TreeMap<>();
        map.forEach((k, v) -> keyed.put(String.valueOf(k), v));
        return keyed;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** Length-prefixed name/value pairs. */
    private static final class Fields {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        void add(String name, String value) {
            write(name);
            write(value);
        }

        private void write(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            int length = bytes.length;
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.writeBytes(bytes);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
