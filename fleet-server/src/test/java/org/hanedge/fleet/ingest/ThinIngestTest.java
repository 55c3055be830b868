package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.PublishSize;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.ThinEncoder;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.hanedge.testing.PublishTap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/**
 * The thin form as a gateway sends it: packs numbered by their times ({@code sr}), published without the {@code seq}
 * and {@code seq-count} user properties, by Paho (the gateway's client) with a topic alias after the first message,
 * read on the wire by a relay. The embedded broker resolves the alias; every reading is stored exactly (value in the
 * field unit, time, seq), a pack resent cut differently is deduplicated, and readings of a device the gateway had not
 * announced go to dead letters and are stored with their seqs once it is.
 */
class ThinIngestTest extends FleetServerTest {
    private static final long T = (System.currentTimeMillis() / 1000 - 600) * 1000;
    private static final Precisions PRECISIONS = (device, channel) -> switch (channel) {
        case "conductivity" -> new BigDecimal("0.1");
        case "water_temperature" -> new BigDecimal("0.01");
        default -> null;
    };

    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IngestRouter router;
    @Autowired
    IngestReplay replay;

    /** A stored reading, everything but its gateway. */
    record Row(String device, String channel, String unit, long ts, long seq, Double num) {
    }

    /** Three polls of a sonde (several readings per time), seqs from {@code first} in take order. */
    private static List<Sample> polls(String device, long first, long t0) {
        List<Sample> s = new ArrayList<>();
        long seq = first;
        for (int poll = 0; poll < 3; poll++) {
            long t = t0 + poll * 10_000L;
            s.add(Sample.number(device, "water_temperature", "Cel", 28.31 + poll / 10.0, t, null, seq++));
            s.add(Sample.number(device, "conductivity", "uS/cm", 448.7 + poll, t, null, seq++));
            if (poll != 1) {
                s.add(Sample.bool(device, "wiper_fault", poll == 2, t, null, seq++));
            }
        }
        return s;
    }

    private static List<Row> expected(List<Sample> samples) {
        return samples.stream().map(s -> new Row(s.device(), s.channel(), s.unit(), s.timeMillis(), s.seq(),
                s.bool() != null ? (s.bool() ? 1.0 : 0.0) : new BigDecimal(Double.toString(s.number()))
                        .setScale(2, java.math.RoundingMode.HALF_UP).doubleValue())).toList();
    }

    private static byte[] thin(String gatewayId, List<Sample> samples) throws Exception {
        byte[] pack = new ThinEncoder(1000).encode(gatewayId, samples, PRECISIONS);
        assertThat(new ObjectMapper(new CBORFactory()).readTree(pack).get(0).has("sr"))
                .as("numbered by times (sr)").isTrue();
        return pack;
    }

    private void register(String id) {
        registry.register(List.of(new Site(id, "lake", "Hồ " + id, "Hồ", "Thanh Khe", 16.06, 108.21, "lake", null,
                List.of(), List.of("lake"))));
    }

    private static String birth(String id, String devices) {
        String now = Instant.now().toString();
        return "{\"online\":true,\"gateway\":\"" + id + "\",\"firmware\":\"0.1.0-test\",\"started\":\"" + now
                + "\",\"connected\":\"" + now + "\",\"devices\":" + devices + "}";
    }

    private void devicesStored(String id, int count) {
        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_device WHERE gateway_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(count));
    }

    private List<Row> rows(String gatewayId) {
        return jdbc.sql("SELECT s.device_id, s.channel, s.unit, r.ts, r.seq, r.num FROM reading r"
                + " JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ? ORDER BY r.seq")
                .param(gatewayId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), (Double) rs.getObject(6)))
                .list();
    }

    private List<String> deadLetters(String gatewayId) {
        return jdbc.sql("SELECT reason FROM dead_letter WHERE gateway_id = ? ORDER BY id").param(gatewayId)
                .query(String.class).list();
    }

    private static MqttMessage qos1(byte[] payload, boolean retained, ContentType contentType) {
        MqttProperties p = new MqttProperties();
        p.setContentType(contentType.mime());
        if (contentType.utf8()) {
            p.setPayloadFormat(true);
        }
        return new MqttMessage(payload, 1, retained, p);
    }

    @Test
    void pahoSendsThinPacksWithATopicAliasAndTheServerStoresThemExactlyOnce() throws Exception {
        String id = "THIN-ALIAS";
        register(id);
        String telemetry = Topics.of(id, TopicKind.TELEMETRY);
        List<Sample> first = polls("lake-sonde", 1, T);
        List<Sample> second = polls("lake-sonde", first.size() + 1, T + 30_000);
        try (PublishTap tap = new PublishTap(MQTT_PORT)) {
            MqttAsyncClient c = new MqttAsyncClient(tap.uri(), id, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(id);
            o.setPassword(credentials.issueForGateway(id).password().getBytes(StandardCharsets.UTF_8));
            o.setCleanStart(true);
            IMqttToken connected = c.connect(o);
            connected.waitForCompletion(10_000);
            assertThat(connected.getResponseProperties().getTopicAliasMaximum())
                    .as("the broker's CONNACK allows topic aliases").isEqualTo(16);
            c.publish(Topics.of(id, TopicKind.STATE), qos1(birth(id, "{\"lake-sonde\":\"lake@1.1.0\"}")
                    .getBytes(StandardCharsets.UTF_8), true, ContentType.JSON)).waitForCompletion(10_000);
            devicesStored(id, 1);
            c.publish(telemetry, qos1(thin(id, first), false, ContentType.SENML_CBOR)).waitForCompletion(10_000);
            c.publish(telemetry, qos1(thin(id, second), false, ContentType.SENML_CBOR)).waitForCompletion(10_000);
            // the same readings again, cut differently (a resend after a reconnect): stored once
            List<Sample> again = new ArrayList<>(first.subList(4, first.size()));
            again.addAll(second.subList(0, 3));
            c.publish(telemetry, qos1(thin(id, again), false, ContentType.SENML_CBOR)).waitForCompletion(10_000);
            c.disconnect().waitForCompletion(10_000);
            c.close();

            List<PublishTap.Publish> sent = tap.publishes().stream().filter(p -> telemetry.equals(p.topic()))
                    .toList();
            assertThat(sent).hasSize(3);
            assertThat(sent.get(0).topicName()).isEqualTo(telemetry);
            assertThat(sent.get(0).topicAlias()).isNotNull();
            for (PublishTap.Publish p : sent.subList(1, 3)) {
                assertThat(p.topicName()).as("empty: the alias stands for the topic").isEmpty();
                assertThat(p.topicAlias()).isEqualTo(sent.get(0).topicAlias());
                assertThat(p.userProperties()).isEmpty();
                assertThat(p.bytes()).isEqualTo(PublishSize.aliased(1, ContentType.SENML_CBOR.mime(), false, Map.of(),
                        p.payloadBytes()));
            }
        }
        List<Sample> all = new ArrayList<>(first);
        all.addAll(second);
        await().untilAsserted(() -> assertThat(rows(id)).hasSize(all.size()));
        // conductivity travels in S/m and is stored back in the profile's uS/cm
        assertThat(rows(id)).containsExactlyElementsOf(expected(all));
        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s"
                + " ON s.id = r.series_id WHERE s.gateway_id = ?").param(id).query(Long.class).single())
                .isEqualTo(all.size()));
        assertThat(deadLetters(id)).isEmpty();
    }

    @Test
    void thinReadingsOfADeviceNotYetAnnouncedAreStoredWithTheirSeqsOnceItIs() throws Exception {
        String id = "THIN-DL";
        register(id);
        String telemetry = Topics.of(id, TopicKind.TELEMETRY);
        router.route(Topics.of(id, TopicKind.STATE), birth(id, "{\"lake-sonde\":\"lake@1.1.0\"}")
                .getBytes(StandardCharsets.UTF_8), null, null, () -> { });
        devicesStored(id, 1);
        List<Sample> sonde2 = polls("lake-2", 101, T);
        // as the broker hands over a thin message: no content type kept, no seq user property
        router.route(telemetry, thin(id, sonde2), null, null, () -> { });
        await().untilAsserted(() -> assertThat(deadLetters(id)).hasSize(sonde2.size())
                .containsOnly("UNKNOWN_DEVICE"));
        assertThat(rows(id)).isEmpty();

        router.route(Topics.of(id, TopicKind.STATE), birth(id,
                "{\"lake-sonde\":\"lake@1.1.0\",\"lake-2\":\"lake@1.1.0\"}").getBytes(StandardCharsets.UTF_8), null,
                null, () -> { });
        await().untilAsserted(() -> assertThat(rows(id)).containsExactlyElementsOf(expected(sonde2)));

        // a whole thin message replayed (what the server keeps of a message it could not read): the pack alone
        // numbers its records; a second replay stores nothing more
        List<Sample> sonde = polls("lake-sonde", 201, T + 60_000);
        byte[] pack = thin(id, sonde);
        assertThat(replay.replay(telemetry, pack).get().stored()).isEqualTo(sonde.size());
        ReplayResult again = replay.replay(telemetry, pack).get();
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(sonde.size());
        List<Sample> all = new ArrayList<>(sonde2);
        all.addAll(sonde);
        assertThat(rows(id)).containsExactlyElementsOf(expected(all));
    }
}
