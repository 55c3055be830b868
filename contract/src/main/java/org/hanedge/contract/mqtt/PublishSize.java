package org.hanedge.contract.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The exact size in bytes of an MQTT 5 PUBLISH packet (MQTT 5.0 §3.3) as it goes on the wire: fixed header with
 * its variable-length Remaining Length, topic name, packet identifier (QoS 1 and 2), property length and the
 * properties Payload Format Indicator, Content Type and User Properties, then the payload; with the topic name
 * ({@link #of}) or, once the session has a Topic Alias for it, an empty topic name and the Topic Alias property
 * ({@link #aliased}).
 */
public final class PublishSize {
    private PublishSize() {
    }

    /**
     * @param topic          topic name
     * @param qos            0, 1 or 2
     * @param contentType    Content Type property, or null for none
     * @param utf8Indicator  whether the Payload Format Indicator property is set
     * @param userProperties User Property pairs in order (may be empty)
     * @param payloadBytes   payload size
     */
    public static int of(String topic, int qos, String contentType, boolean utf8Indicator,
            Map<String, String> userProperties, int payloadBytes) {
        return size(utf8(topic), 0, qos, contentType, utf8Indicator, userProperties, payloadBytes);
    }

    /**
     * The size of a PUBLISH whose topic travels as a Topic Alias the session has already set (MQTT 5.0 §3.3.2.3.4):
     * a zero-length topic name and the Topic Alias property (identifier and two-byte alias, 3 bytes). An MQTT 5
     * client that aliases its topics (Paho does, when the broker's CONNACK allows aliases) sends every message to a
     * topic after the session's first one so.
     */
    public static int aliased(int qos, String contentType, boolean utf8Indicator, Map<String, String> userProperties,
            int payloadBytes) {
        return size(utf8(""), 3, qos, contentType, utf8Indicator, userProperties, payloadBytes);
    }

    private static int size(int topicBytes, int properties, int qos, String contentType, boolean utf8Indicator,
            Map<String, String> userProperties, int payloadBytes) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + qos);
        }
        if (utf8Indicator) {
            properties += 2;
        }
        if (contentType != null) {
            properties += 1 + utf8(contentType);
        }
        for (Map.Entry<String, String> e : userProperties.entrySet()) {
            properties += 1 + utf8(e.getKey()) + utf8(e.getValue());
        }
        int variable = topicBytes + (qos > 0 ? 2 : 0) + varIntSize(properties) + properties;
        int remaining = variable + payloadBytes;
        return 1 + varIntSize(remaining) + remaining;
    }

    /** Bytes of an MQTT UTF-8 string: 2-byte length plus the UTF-8 bytes. */
    static int utf8(String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Bytes of an MQTT Variable Byte Integer. */
    static int varIntSize(int n) {
        if (n < 0 || n > 268_435_455) {
            throw new IllegalArgumentException("variable byte integer out of range: " + n);
        }
        return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
    }
}
