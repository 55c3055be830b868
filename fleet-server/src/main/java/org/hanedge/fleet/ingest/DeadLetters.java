package org.hanedge.fleet.ingest;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Makes dead letters: counted, logged with the gateway id (rate-limited), handed to the writer by the caller. */
@Component
public class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private final RateLimitedLog log = new RateLimitedLog(LOG, 20);
    private final IngestMetrics metrics;

    public DeadLetters(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    public DeadLetter of(long now, String gatewayId, String topic, String reason, String detail, byte[] payload) {
        return count(refusal(now, gatewayId, topic, reason, detail, payload));
    }

    /** A dead letter not yet counted nor logged (a replay's refusal is reported, not kept again). */
    public DeadLetter refusal(long now, String gatewayId, String topic, String reason, String detail,
            byte[] payload) {
        return new DeadLetter(now, gatewayId, topic, reason, detail, payload);
    }

    /** Counts and logs a dead letter that is going to be kept. */
    public DeadLetter count(DeadLetter d) {
        metrics.deadLetter(d.reason());
        log.warn("dead letter from gateway {} on {}: {}: {}", d.gatewayId(), d.topic(), d.reason(),
                printable(d.detail()));
        return d;
    }

    public DeadLetter of(long now, String gatewayId, String topic, String reason, String detail, String recordText) {
        return of(now, gatewayId, topic, reason, detail,
                recordText == null ? null : recordText.getBytes(StandardCharsets.UTF_8));
    }

    /** Control characters from the wire are shown as '?'. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
