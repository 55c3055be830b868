package org.hanedge.fleet.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Salted SHA-256 of server-generated secrets, stored as {@code sha256$<salt b64>$<hash b64>}.
 *
 * <p>A fast hash is right here, unlike for human passwords: the secrets are 256 random bits chosen by the server
 * (like API tokens), so there is nothing to brute-force that a slow hash would protect, while a slow hash (bcrypt,
 * ~100 ms each) would make a reconnect storm of 10,000 gateways burn minutes of CPU. The salt only keeps equal
 * secrets from having equal hashes. Comparison is constant-time.
 */
final class SecretHasher {
    private static final String PREFIX = "sha256";
    private static final int SALT_BYTES = 16;
    private static final int SECRET_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Encoder B64_URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    SecretHasher(SecureRandom random) {
        this.random = random;
    }

    /** A new secret: base64url (no padding) of 32 random bytes. */
    String newSecret() {
        byte[] b = new byte[SECRET_BYTES];
        random.nextBytes(b);
        return B64_URL.encodeToString(b);
    }

    /** The stored form of a secret (its UTF-8 bytes, as an MQTT client sends them). */
    String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return PREFIX + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(digest(salt, secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code secret} matches {@code stored}; false (never an exception) for a malformed stored value. */
    static boolean verify(byte[] secret, String stored) {
        if (secret == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 3 || !PREFIX.equals(parts[0])) {
            return false;
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(parts[1]);
            expected = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return salt.length > 0 && expected.length == 32 && MessageDigest.isEqual(expected, digest(salt, secret));
    }

    private static byte[] digest(byte[] salt, byte[] secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            return md.digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
