package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.hanedge.fleet.telemetry.store.RollupJob;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** Telemetry through the real broker into the real database: storage, dedup, dead letters, presence, rollups. */
class IngestFlowTest extends FleetServerTest {
    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RollupJob rollups;

    private TestGateway lake(String id) {
        registry.register(List.of(new Site(id, "lake", "Hồ Thạc Gián " + id, "Hồ Thạc Gián", "Thanh Khe", 16.06,
                108.21, "lake", null, List.of(), List.of("lake"))));
        return TestGateway.connect(id, credentials.issueForGateway(id).password(), MQTT_PORT);
    }

    /** Announces the lake sonde and waits until the birth is stored (its telemetry is trusted from then on). */
    private void announceSonde(TestGateway gw, String id) {
        gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_device WHERE gateway_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(1));
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private long readings(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?")
                .param(gatewayId).query(Long.class).single();
    }

    private List<String> deadLetterReasons(String gatewayId) {
        return jdbc.sql("SELECT reason FROM dead_letter WHERE gateway_id = ? ORDER BY id").param(gatewayId)
                .query(String.class).list();
    }

    @Test
    void telemetryIsStoredOnceAndRolledUp() {
        try (TestGateway gw = lake("ING-1")) {
            gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
            double t = now();
            String pack = "[" + TestGateway.record("ING-1/lake-sonde/", "water_level", "m", "\"v\":1.25", t, 1) + ","
                    + TestGateway.record(null, "ph", "pH", "\"v\":7.5", t, 2) + ","
                    + TestGateway.record(null, "wiper_fault", null, "\"vb\":false", t, 3) + "]";
            gw.telemetry(pack, 1, 3);
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(readings("ING-1")).isEqualTo(3));
            // a gateway that resends after a reconnect creates no duplicates
            gw.telemetry(pack, 1, 3);
            gw.telemetry("[" + TestGateway.record("ING-1/lake-sonde/", "water_level", "m", "\"v\":1.5", t + 1, 4) + "]",
                    4, 1);
            await().untilAsserted(() -> assertThat(readings("ING-1")).isEqualTo(4));
            assertThat(jdbc.sql("SELECT online FROM gateway WHERE id = 'ING-1'").query(Boolean.class).single()).isTrue();
            assertThat(jdbc.sql("SELECT profile_id FROM gateway_device WHERE gateway_id = 'ING-1'")
                    .query(String.class).single()).isEqualTo("lake");
            rollups.runOnce();
            Double avg = jdbc.sql("SELECT r.sum_v / r.cnt FROM rollup_1h r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = 'ING-1' AND s.channel = 'water_level'").query(Double.class).single();
            assertThat(avg).isEqualTo(1.375);
        }
    }

    @Test
    void everyMalformedPayloadGoesToDeadLetterWhileGoodTrafficFlows() throws Exception {
        try (TestGateway gw = lake("ING-2")) {
            announceSonde(gw, "ING-2");
            double t = now();
            gw.telemetry("this is not senml", 1, 1);
            gw.telemetryBytes(truncatedCbor(t), ContentType.SENML_CBOR.mime(), 2, 1);
            gw.telemetry("[" + TestGateway.record("ING-2/lake-sonde/", "no_such_channel", "m", "\"v\":1", t, 3) + "]", 3, 1);
            gw.telemetry("[" + TestGateway.record("ING-2/lake-sonde/", "water_level", "ft", "\"v\":1", t, 4) + "]", 4, 1);
            gw.telemetry("[" + TestGateway.record("ING-2/lake-sonde/", "water_level", "m", "\"vs\":\"high\"", t, 5) + "]", 5, 1);
            gw.telemetry("[" + TestGateway.record("ING-2/lake-sonde/", "water_level", "m", "\"v\":1", 1.0e10, 6) + "]", 6, 1);
            gw.telemetry("[" + TestGateway.record("ING-2/lake-sonde/", "water_level", "m", "\"v\":1", t, 7)
                    + " ".repeat(300_000) + "]", 7, 1);
            gw.telemetry("[" + TestGateway.record("ING-2/lake-sonde/", "water_level", "m", "\"v\":2.0", t, 8) + ","
                    + TestGateway.record(null, "ph", "pH", "\"v\":\"seven\"", t, 9) + "]", 8, 2);
            await().untilAsserted(() -> assertThat(deadLetterReasons("ING-2")).containsExactly("NOT_SENML", "TRUNCATED",
                    "UNKNOWN_CHANNEL", "WRONG_UNIT", "WRONG_TYPE", "ABSURD_TIME", "OVERSIZED", "BAD_RECORD"));
            await().untilAsserted(() -> assertThat(readings("ING-2")).isEqualTo(1));
            String detail = jdbc.sql("SELECT detail FROM dead_letter WHERE gateway_id = 'ING-2' AND reason = 'WRONG_UNIT'")
                    .query(String.class).single();
            assertThat(detail).contains("ft").contains("m");
        }
    }

    @Test
    void cborPacksAreStored() throws Exception {
        try (TestGateway gw = lake("ING-3")) {
            announceSonde(gw, "ING-3");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = new CBORFactory().createGenerator(out)) {
                g.writeStartArray();
                g.writeStartObject();
                g.writeFieldId(-2);
                g.writeString("ING-3/lake-sonde/");
                g.writeFieldId(0);
                g.writeString("turbidity");
                g.writeFieldId(1);
                g.writeString("NTU");
                g.writeFieldId(2);
                g.writeNumber(12.5);
                g.writeFieldId(6);
                g.writeNumber(now());
                g.writeFieldName("seq");
                g.writeNumber(1);
                g.writeEndObject();
                g.writeEndArray();
            }
            gw.telemetryBytes(out.toByteArray(), ContentType.SENML_CBOR.mime(), 1, 1);
            await().untilAsserted(() -> assertThat(readings("ING-3")).isEqualTo(1));
            assertThat(jdbc.sql("SELECT r.num FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = 'ING-3'")
                    .query(Double.class).single()).isEqualTo(12.5);
        }
    }

    @Test
    void lastWillMarksTheGatewayOffline() {
        TestGateway gw = lake("ING-4");
        gw.birth("{}");
        await().untilAsserted(() -> assertThat(
                jdbc.sql("SELECT online FROM gateway WHERE id = 'ING-4'").query(Boolean.class).single()).isTrue());
        gw.crash();
        await().untilAsserted(() -> assertThat(
                jdbc.sql("SELECT online FROM gateway WHERE id = 'ING-4'").query(Boolean.class).single()).isFalse());
    }

    @Test
    void anAlarmResentAfterAReconnectIsOneAlarmThatClears() {
        try (TestGateway gw = lake("ING-5")) {
            announceSonde(gw, "ING-5");
            String raised = "{\"alarm\":\"water_level:HIGH\",\"device\":\"lake-sonde\",\"channel\":\"water_level\","
                    + "\"state\":\"raised\",\"severity\":\"major\",\"value\":2.6,\"limit\":2.5,"
                    + "\"time\":\"2026-11-27T01:00:00Z\",\"message\":\"water level high\"}";
            gw.event("alarm", raised, 10);
            gw.event("alarm", raised, 10);
            gw.event("alarm", "{\"alarm\":\"water_level:HIGH\",\"state\":\"cleared\",\"time\":\"2026-11-27T01:20:00Z\"}", 11);
            gw.event("alarm", "{\"state\":\"raised\"}", 12);
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT state FROM alarm WHERE gateway_id = 'ING-5'")
                    .query(String.class).list()).containsExactly("CLEARED"));
            assertThat(jdbc.sql("SELECT raised_at FROM alarm WHERE gateway_id = 'ING-5'").query(Long.class).single())
                    .isEqualTo(java.time.Instant.parse("2026-11-27T01:00:00Z").toEpochMilli());
            assertThat(jdbc.sql("SELECT severity FROM alarm WHERE gateway_id = 'ING-5'").query(String.class).single())
                    .isEqualTo("MAJOR");
            await().untilAsserted(() -> assertThat(deadLetterReasons("ING-5")).containsExactly("BAD_EVENT"));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_event WHERE gateway_id = 'ING-5'").query(Long.class)
                    .single()).isEqualTo(2);
        }
    }

    private static byte[] truncatedCbor(double t) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < 3; i++) {
                g.writeStartObject();
                g.writeFieldId(0);
                g.writeString("water_level");
                g.writeFieldId(2);
                g.writeNumber(1.0 + i);
                g.writeFieldId(6);
                g.writeNumber(t);
                g.writeFieldName("seq");
                g.writeNumber(100 + i);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 7);
    }
}
