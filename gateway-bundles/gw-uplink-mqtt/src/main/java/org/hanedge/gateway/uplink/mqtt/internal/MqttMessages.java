package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.UserProperties;

/** Builds the QoS 1 MQTT 5 messages of the uplink: content type, payload-format indicator, {@code seq} properties. */
final class MqttMessages {
    private MqttMessages() {
    }

    /**
     * A QoS 1 message; the payload-format indicator is set for UTF-8 content types; {@code seq} (and
     * {@code seq-count} when {@code count > 0}) become user properties when {@code seq} is not null.
     */
    static MqttMessage message(byte[] payload, boolean retained, ContentType contentType, Long seq, int count) {
        MqttProperties p = new MqttProperties();
        p.setContentType(contentType.mime());
        if (contentType.utf8()) {
            p.setPayloadFormat(true);
        }
        if (seq != null) {
            List<UserProperty> ups = new ArrayList<>(2);
            ups.add(new UserProperty(UserProperties.SEQ, Long.toString(seq)));
            if (count > 0) {
                ups.add(new UserProperty(UserProperties.SEQ_COUNT, Integer.toString(count)));
            }
            p.setUserProperties(ups);
        }
        return new MqttMessage(payload, 1, retained, p);
    }

    /** A live JSON document (stats, time request): no {@code seq}, not retained. */
    static MqttMessage live(byte[] json) {
        return message(json, false, ContentType.JSON, null, 0);
    }

    /** A command response: JSON, not retained, with the request's correlation data (when it had any). */
    static MqttMessage response(byte[] json, byte[] correlationData) {
        MqttMessage m = live(json);
        if (correlationData != null) {
            m.getProperties().setCorrelationData(correlationData);
        }
        return m;
    }

    /** A retained JSON state document (birth, shutdown). */
    static MqttMessage state(byte[] json) {
        return message(json, true, ContentType.JSON, null, 0);
    }
}
