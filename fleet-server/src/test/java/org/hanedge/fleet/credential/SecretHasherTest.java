package org.hanedge.fleet.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretHasherTest {
    private final SecretHasher hasher = new SecretHasher(new SecureRandom());

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void secretsAre256RandomBitsInBase64Url() {
        String s = hasher.newSecret();
        assertThat(Base64.getUrlDecoder().decode(s)).hasSize(32);
        assertThat(s).matches("[A-Za-z0-9_-]{43}");
        assertThat(hasher.newSecret()).isNotEqualTo(s);
    }

    @Test
    void theRightSecretVerifies() {
        String secret = hasher.newSecret();
        String stored = hasher.hash(secret);
        assertThat(stored).startsWith("sha256$").doesNotContain(secret);
        assertThat(SecretHasher.verify(b(secret), stored)).isTrue();
        assertThat(hasher.hash(secret)).as("salted: same secret, other hash").isNotEqualTo(stored);
    }

    @Test
    void aWrongSecretDoesNot() {
        String secret = hasher.newSecret();
        String stored = hasher.hash(secret);
        assertThat(SecretHasher.verify(b(secret + "x"), stored)).isFalse();
        assertThat(SecretHasher.verify(b(""), stored)).isFalse();
        assertThat(SecretHasher.verify(null, stored)).isFalse();
    }

    @Test
    void aTamperedOrMalformedHashVerifiesNothing() {
        String secret = hasher.newSecret();
        String stored = hasher.hash(secret);
        String[] parts = stored.split("\\$");
        char c = parts[2].charAt(5);
        String tamperedHash = parts[0] + "$" + parts[1] + "$" + parts[2].substring(0, 5) + (c == 'A' ? 'B' : 'A') + parts[2].substring(6);
        String otherSalt = parts[0] + "$" + Base64.getEncoder().withoutPadding().encodeToString(new byte[16]) + "$" + parts[2];
        assertThat(SecretHasher.verify(b(secret), tamperedHash)).isFalse();
        assertThat(SecretHasher.verify(b(secret), otherSalt)).isFalse();
        assertThat(SecretHasher.verify(b(secret), "md5$" + parts[1] + "$" + parts[2])).isFalse();
        assertThat(SecretHasher.verify(b(secret), "sha256$%%%$" + parts[2])).isFalse();
        assertThat(SecretHasher.verify(b(secret), "sha256$" + parts[1])).isFalse();
        assertThat(SecretHasher.verify(b(secret), null)).isFalse();
    }
}
