package org.hanedge.fleet.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.ingest.IngestReplay;

/**
 * What a dead letter replays. Today's dead letters keep either the whole message (replayed as it is) or, for a
 * refused record, a self-contained SenML pack of it. Older ones kept a refused record as text: the record's JSON as
 * received (replayed wrapped in a pack) or its summary {@code device/channel v=1.5 u=m t=<ms>ms seq=<n>} (rebuilt
 * as a pack; a text value was cut to 40 characters, so such records are not rebuilt and are refused as not SenML).
 */
final class ReplayPayload {
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\S+)/(\\S+) (?:v=(\\S+)|vb=(true|false)|no value)(?: u=(\\S+))? t=(-?\\d+)ms(?: q=(\\S+))? seq=(\\d+)");

    private ReplayPayload() {
    }

    /** Why it cannot be replayed, or null when it can. */
    static String notReplayable(StoredDeadLetter d) {
        if (!IngestReplay.replayableTopic(d.topic())) {
            return "messages on " + d.topic() + " are not replayed (state and stats are sent again by the gateway)";
        }
        if (d.payloadBase64() == null) {
            return "no payload was kept";
        }
        int kept = Base64.getDecoder().decode(d.payloadBase64()).length;
        return kept < d.payloadSize() ? "only the first " + kept + " of " + d.payloadSize() + " bytes were kept"
                : null;
    }

    /** Whether a list row can be replayed (without decoding its payload). */
    static boolean replayable(StoredDeadLetter d) {
        return IngestReplay.replayableTopic(d.topic()) && d.payloadSize() > 0 && d.payloadSize() <= 64 * 1024;
    }

    static byte[] of(StoredDeadLetter d) {
        byte[] kept = Base64.getDecoder().decode(d.payloadBase64());
        if (!telemetry(d.topic())) {
            return kept;
        }
        String text = new String(kept, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            return ("[" + text + "]").getBytes(StandardCharsets.UTF_8);
        }
        Matcher m = SUMMARY.matcher(text);
        if (m.matches() && d.gatewayId() != null) {
            return summaryAsPack(d.gatewayId(), m).getBytes(StandardCharsets.UTF_8);
        }
        return kept;
    }

    private static boolean telemetry(String topic) {
        try {
            return topic != null && Topics.parse(topic).kind() == TopicKind.TELEMETRY;
        } catch (TopicException e) {
            return false;
        }
    }

    private static String summaryAsPack(String gatewayId, Matcher m) {
        boolean number = m.group(3) != null && !m.group(3).equals("NaN");
        // no value: the contract's quality record ({channel}:q, the quality in vs), since a SenML record needs one
        boolean qualityRecord = !number && m.group(4) == null && m.group(7) != null;
        StringBuilder b = new StringBuilder("[{\"bn\":").append(quote(gatewayId + "/" + m.group(1) + "/"))
                .append(",\"n\":").append(quote(qualityRecord ? m.group(2) + ":q" : m.group(2)));
        if (m.group(5) != null) {
            b.append(",\"u\":").append(quote(m.group(5)));
        }
        if (number) {
            b.append(",\"v\":").append(m.group(3));
        } else if (m.group(4) != null) {
            b.append(",\"vb\":").append(m.group(4));
        } else if (qualityRecord) {
            b.append(",\"vs\":").append(quote(m.group(7)));
        }
        b.append(",\"t\":").append(new java.math.BigDecimal(m.group(6)).movePointLeft(3).toPlainString());
        if (m.group(7) != null && !qualityRecord) {
            b.append(",\"q\":").append(quote(m.group(7)));
        }
        return b.append(",\"seq\":").append(m.group(8)).append("}]").toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
