package org.hanedge.fleet.ingest;

import java.util.Base64;

/**
 * Something that could not be ingested, kept with why.
 *
 * @param reason  a reason name (see the SenML decoder's reasons and {@link IngestReason})
 * @param detail  one line naming the input and what was wrong
 * @param payload the offending bytes (a whole message or one record); only the first 64 KiB are kept
 */
public record DeadLetter(long receivedAt, String gatewayId, String topic, String reason, String detail,
        byte[] payload) {
    static final int KEEP_BYTES = 64 * 1024;

    String payloadBase64() {
        if (payload == null) {
            return null;
        }
        int n = Math.min(payload.length, KEEP_BYTES);
        return Base64.getEncoder().encodeToString(n == payload.length ? payload : java.util.Arrays.copyOf(payload, n));
    }

    int payloadSize() {
        return payload == null ? 0 : payload.length;
    }

    String detailClipped() {
        return detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...";
    }
}
