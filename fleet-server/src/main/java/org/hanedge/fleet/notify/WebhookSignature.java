package org.hanedge.fleet.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-HanEdge-Signature} of a webhook: {@code sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>},
 * where {@code timestamp} is the {@code X-HanEdge-Timestamp} header (epoch seconds of the attempt) and {@code body}
 * the exact request body (UTF-8). Receivers verify with {@link #verify} or the recipe in docs/fleet-alarms.md.
 */
public final class WebhookSignature {
    public static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The header value for that body, sent at that timestamp. */
    public static String sign(String secret, String timestamp, String body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp + "." + body));
    }

    /**
     * Whether the header is the signature of the body at that timestamp with the secret (constant-time comparison).
     * A receiver should also refuse timestamps far from its own clock (replays), e.g. more than 5 minutes.
     */
    public static boolean verify(String secret, String timestamp, String body, String signatureHeader) {
        if (secret == null || timestamp == null || body == null || signatureHeader == null) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.trim().getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
