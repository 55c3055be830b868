package org.hanedge.contract.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {
    @Test
    void everyKindRoundTrips() throws Exception {
        for (TopicKind kind : TopicKind.values()) {
            String topic = kind.named() ? Topics.named("gw-1", kind, "write") : Topics.of("gw-1", kind);
            GatewayTopic parsed = Topics.parse(topic);
            assertEquals("gw-1", parsed.gatewayId());
            assertEquals(kind, parsed.kind());
            assertEquals(topic, parsed.topic());
        }
        assertEquals("hanedge/v1/gw1/cmd-res/write", Topics.commandResponse("gw1", "write"));
        assertEquals("hanedge/v1/+/cmd/+", Topics.filter(TopicKind.COMMAND));
        assertEquals("$share/ingest/hanedge/v1/+/telemetry", Topics.sharedFilter("ingest", TopicKind.TELEMETRY));
        assertNull(Topics.parse("hanedge/v1/gw1/telemetry").name());
    }

    @ParameterizedTest
    @CsvSource({
        "other/v1/gw1/telemetry, NOT_HANEDGE",
        "hanedge/v1//telemetry, BAD_GATEWAY_ID",
        "hanedge/v1/gw+1/telemetry, BAD_GATEWAY_ID",
        "hanedge/v1/gw1, UNKNOWN_KIND",
        "hanedge/v1/gw1/telemetry/x, UNKNOWN_KIND",
        "hanedge/v1/gw1/cmd/, BAD_NAME",
        "hanedge/v1/gw1/cmd/a/b, BAD_NAME",
    })
    void badTopicsSayWhat(String topic, TopicException.Problem problem) {
        TopicException e = assertThrows(TopicException.class, () -> Topics.parse(topic));
        assertEquals(problem, e.problem());
        assertTrue(e.getMessage().contains(topic.substring(0, Math.min(12, topic.length()))), e.getMessage());
    }

    @Test
    void seqProperties() {
        assertEquals(new SeqRange(12, 3), SeqRange.fromProperties("12", "3"));
        assertEquals(new SeqRange(12, 1), SeqRange.fromProperties("12", null));
        assertNull(SeqRange.fromProperties(null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeqRange.fromProperties("-4", "1"));
        assertTrue(e.getMessage().contains("seq \"-4\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeqRange.fromProperties("1", "0"));
        assertThrows(IllegalArgumentException.class, () -> SeqRange.fromProperties(null, "2"));
        assertEquals(TelemetryForm.THIN, TelemetryForm.fromConfig("senml+cbor-thin"));
        assertTrue(TelemetryForm.JSON.carriesSeqProperties() && TelemetryForm.CBOR.carriesSeqProperties());
        assertFalse(TelemetryForm.THIN.carriesSeqProperties(), "a thin pack numbers itself");
        assertThrows(IllegalArgumentException.class, () -> TelemetryForm.fromConfig("xml"));
    }

    @Test
    void publishSizeMatchesPahosEncoding() throws Exception {
        for (int payload : List.of(0, 10, 100, 126, 127, 5000, 20_000)) {
            for (boolean json : List.of(true, false)) {
                Map<String, String> props = new LinkedHashMap<>();
                props.put(UserProperties.SEQ, "1234567");
                props.put(UserProperties.SEQ_COUNT, "50");
                String topic = Topics.of("dn-lake-0042", TopicKind.TELEMETRY);
                ContentType ct = json ? ContentType.SENML_JSON : ContentType.SENML_CBOR;
                MqttProperties p = new MqttProperties();
                p.setContentType(ct.mime());
                if (ct.utf8()) {
                    p.setPayloadFormat(true);
                }
                p.setUserProperties(List.of(new UserProperty("seq", "1234567"), new UserProperty("seq-count", "50")));
                MqttMessage m = new MqttMessage(new byte[payload], 1, false, p);
                MqttPublish publish = new MqttPublish(topic, m, p);
                publish.setMessageId(1);
                int paho = publish.getHeader().length + publish.getPayload().length;
                assertEquals(paho, PublishSize.of(topic, 1, ct.mime(), ct.utf8(), props, payload), payload + " " + ct);

                // the same message once the session has an alias for its topic, as Paho's ClientState sends it
                p.setTopicAlias(2);
                publish.setTopicName(null);
                int aliased = publish.getHeader().length + publish.getPayload().length;
                assertEquals(aliased, PublishSize.aliased(1, ct.mime(), ct.utf8(), props, payload), payload + " " + ct);
                assertEquals(topic.length() - 3, paho - aliased, "the topic's bytes less the 3-byte alias property");
                props.remove(UserProperties.SEQ_COUNT);
                assertEquals(aliased - (1 + 2 + 9 + 2 + 2), PublishSize.aliased(1, ct.mime(), ct.utf8(), props,
                        payload), "seq-count \"50\" is 16 bytes");
            }
        }
    }
}
