package io.ttsgateway.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of {@link StreamTokens}, apart from the token's layout: two keys derived from one secret with
 * HKDF-SHA256 (RFC 5869), an HMAC-SHA256 signature, and AES-256-GCM for the bound request, compressed first.
 */
final class TokenSeal {

    static final int MAC_BYTES = 32;

    private static final int NONCE_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;
    /** Upper bound of what a sealed request inflates to: no request from a 64 KiB body comes near it. */
    private static final int MAX_PLAIN_BYTES = 256 * 1024;

    private final SecretKeySpec macKey;
    private final SecretKeySpec aesKey;
    private final SecureRandom nonces;

    TokenSeal(byte[] secret) {
        byte[] prk = hmac(new SecretKeySpec(new byte[MAC_BYTES], "HmacSHA256"), secret);
        this.macKey = new SecretKeySpec(expand(prk, "tts-gateway stream token mac"), "HmacSHA256");
        this.aesKey = new SecretKeySpec(expand(prk, "tts-gateway stream token aes"), "AES");
        this.nonces = primedDrbg();
    }

    /** HMAC-SHA256 over the header and, when there is one, the SHA-256 of the request. */
    byte[] sign(byte[] header, byte[] request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            mac.update(header);
            if (request != null) {
                mac.update(MessageDigest.getInstance("SHA-256").digest(request));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256 and SHA-256", e);
        }
    }

    /** {@code nonce | AES-GCM(deflate(plain))}, the header authenticated alongside. */
    byte[] seal(byte[] header, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        nonces.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(GCM_TAG_BITS, nonce));
            cipher.updateAAD(header);
            byte[] encrypted = cipher.doFinal(deflate(plain));
            return ByteBuffer.allocate(NONCE_BYTES + encrypted.length)
                    .put(nonce)
                    .put(encrypted)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has AES/GCM", e);
        }
    }

    /**
     * The plain request of what {@link #seal} made with this key and this header.
     *
     * @throws GeneralSecurityException for anything else (GCM's tag does not match)
     * @throws DataFormatException when it does not inflate within bounds (never for what this key sealed)
     */
    byte[] open(byte[] header, byte[] sealed) throws GeneralSecurityException, DataFormatException {
        if (sealed.length < NONCE_BYTES + GCM_TAG_BITS / 8) {
            throw new GeneralSecurityException("too short to be sealed");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(GCM_TAG_BITS, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(header);
        return inflate(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
    }

    /**
     * Compressed before it is encrypted: the request is the caller's own text with no secret beside it, so its
     * compressed length gives no compression oracle (CRIME needs a secret mixed with attacker input), and prose
     * shrinks by about half, which keeps tokens within a URL.
     */
    private static byte[] deflate(byte[] plain) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(plain);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 64);
            byte[] chunk = new byte[4096];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
            byte[] chunk = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_PLAIN_BYTES) {
                    throw new DataFormatException("too large");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    /** HKDF-Expand (RFC 5869) for one 32-byte block: one key per use, so AES and HMAC never share one. */
    private static byte[] expand(byte[] prk, String info) {
        byte[] input = Arrays.copyOf(info.getBytes(StandardCharsets.US_ASCII), info.length() + 1);
        input[info.length()] = 1;
        return hmac(new SecretKeySpec(prk, "HmacSHA256"), input);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /**
     * Nonces come from a DRBG seeded here, at startup: afterwards it only computes, whereas the platform default
     * ({@code NativePRNG}) reads {@code /dev/urandom} now and then, a blocking read on an event loop. A random 96-bit
     * nonce per token keeps GCM safe far beyond the tokens one key will ever seal.
     */
    private static SecureRandom primedDrbg() {
        try {
            SecureRandom drbg = SecureRandom.getInstance("DRBG");
            drbg.nextBytes(new byte[1]);
            return drbg;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM since 9 has DRBG", e);
        }
    }
}
