package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ingest trusts only what a gateway announced in its birth, through the real broker into the real database:
 * records, alarms and events of unannounced devices are dead letters (and flow once announced, exactly once), a
 * pack of invented devices creates nothing, an oversized message is OVERSIZED, and every refusal has its reason.
 */
class TrustedIngestTest extends FleetServerTest {
    private static final String SONDE = "{\"lake-sonde\":\"lake@1.0.0\"}";

    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayDirectory directory;
    @Autowired
    IngestRouter router;
    @Autowired
    org.springframework.context.ApplicationContext context;

    /** A lake gateway seeded in the registry (its registry profile is "lake"), connected, no birth yet. */
    private TestGateway lake(String id) {
        registry.register(List.of(new Site(id, "lake", "Hồ " + id, "Hồ", "Thanh Khe", 16.06, 108.21, "lake", null,
                List.of(), List.of("lake"))));
        return TestGateway.connect(id, credentials.issueForGateway(id).password(), MQTT_PORT);
    }

    private void announce(TestGateway gw, String id, String devicesJson, String device) {
        gw.birth(devicesJson);
        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_device WHERE gateway_id = ?"
                + " AND device_id = ?").params(id, device).query(Long.class).single()).isEqualTo(1));
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private long readings(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?")
                .param(gatewayId).query(Long.class).single();
    }

    private long series(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM series WHERE gateway_id = ?").param(gatewayId).query(Long.class).single();
    }

    private List<String> reasons(String gatewayId) {
        return jdbc.sql("SELECT reason FROM dead_letter WHERE gateway_id = ? ORDER BY id").param(gatewayId)
                .query(String.class).list();
    }

    @Test
    void unannouncedDevicesAreRefusedWhileAnnouncedOnesFlow() {
        try (TestGateway gw = lake("TRU-1")) {
            announce(gw, "TRU-1", SONDE, "lake-sonde");
            double t = now();
            gw.telemetry("[" + TestGateway.record("TRU-1/lake-sonde/", "water_level", "m", "\"v\":1.25", t, 1) + ","
                    + TestGateway.record("TRU-1/other-device/", "water_level", "m", "\"v\":9.5", t, 2) + "]", 1, 2);
            await().untilAsserted(() -> assertThat(reasons("TRU-1")).containsExactly("UNKNOWN_DEVICE"));
            assertThat(readings("TRU-1")).isEqualTo(1);
            assertThat(jdbc.sql("SELECT device_id FROM series WHERE gateway_id = 'TRU-1'").query(String.class).list())
                    .containsExactly("lake-sonde");
            String detail = jdbc.sql("SELECT detail FROM dead_letter WHERE gateway_id = 'TRU-1'").query(String.class)
                    .single();
            assertThat(detail).contains("other-device").contains("not announced");
            // the record is kept as a self-contained pack, so it can be stored once the device is announced
            String payload = new String(java.util.Base64.getDecoder().decode(jdbc.sql(
                    "SELECT payload FROM dead_letter WHERE gateway_id = 'TRU-1'").query(String.class).single()),
                    StandardCharsets.UTF_8);
            assertThat(payload).startsWith("[{\"bn\":\"TRU-1/other-device/\",\"n\":\"water_level\"")
                    .contains("\"v\":9.5").contains("\"seq\":2");
        }
    }

    @Test
    void aPackOf300InventedDevicesCreatesNothing() {
        try (TestGateway gw = lake("TRU-2")) {
            announce(gw, "TRU-2", SONDE, "lake-sonde");
            double t = now();
            StringBuilder pack = new StringBuilder("[");
            for (int i = 0; i < 300; i++) {
                pack.append(i == 0 ? "" : ",").append(TestGateway.record("TRU-2/invented-" + i + "/", "water_level",
                        "m", "\"v\":" + i, t, 1000 + i));
            }
            String message = pack.append("]").toString();
            assertThat(message.length()).isGreaterThan(20_000);
            gw.telemetry(message, 1000, 300);
            await().untilAsserted(() -> assertThat(reasons("TRU-2")).hasSize(300).containsOnly("UNKNOWN_DEVICE"));
            assertThat(series("TRU-2")).isZero();
            assertThat(readings("TRU-2")).isZero();
        }
    }

    @Test
    void anOversizedMessageIsOversizedWhateverItContains() {
        try (TestGateway gw = lake("TRU-3")) {
            announce(gw, "TRU-3", SONDE, "lake-sonde");
            byte[] tenMegabytes = new byte[10 * 1024 * 1024];
            Arrays.fill(tenMegabytes, (byte) 'x'); // not SenML either: the size is what counts, checked first
            gw.telemetryBytes(tenMegabytes, null, 1, 1);
            gw.publish("event", "{\"type\":\"note\",\"text\":\"" + "y".repeat(300_000) + "\"}", ContentType.JSON.mime(),
                    new long[] { 2 }, false);
            await().untilAsserted(() -> assertThat(reasons("TRU-3")).containsExactly("OVERSIZED", "OVERSIZED"));
            // telemetry and events arrive on different subscriptions: either may be read first
            String telemetry = Topics.of("TRU-3", TopicKind.TELEMETRY);
            assertThat(jdbc.sql("SELECT payload_size FROM dead_letter WHERE topic = ?").param(telemetry)
                    .query(Integer.class).single()).isEqualTo(10 * 1024 * 1024);
            assertThat(jdbc.sql("SELECT detail FROM dead_letter WHERE topic = ?").param(telemetry)
                    .query(String.class).single()).contains("10485760 bytes").contains("max-message-bytes");
            assertThat(jdbc.sql("SELECT reason FROM dead_letter WHERE topic = '" + Topics.of("TRU-3", TopicKind.EVENT) + "'")
                    .query(String.class).single()).isEqualTo("OVERSIZED");
        }
    }

    @Test
    void telemetryBeforeTheBirthIsStoredOnceTheDeviceIsAnnounced() {
        try (TestGateway gw = lake("TRU-4")) {
            // a seeded gateway (registry profile "lake") that announced nothing: no fallback to the registry profile
            double t = now();
            String pack = "[" + TestGateway.record("TRU-4/lake-sonde/", "water_level", "m", "\"v\":2.5", t, 1) + "]";
            gw.telemetry(pack, 1, 1);
            await().untilAsserted(() -> assertThat(reasons("TRU-4")).containsExactly("UNKNOWN_DEVICE"));
            assertThat(readings("TRU-4")).isZero();
            // the birth is stored, then its device's dead letters are replayed: the reading is stored once
            gw.birth(SONDE);
            await().untilAsserted(() -> assertThat(readings("TRU-4")).isEqualTo(1));
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT replay_outcome FROM dead_letter"
                    + " WHERE gateway_id = 'TRU-4'").query(String.class).single()).isEqualTo("STORED"));
            // the gateway resends it (it never heard otherwise): a repeat, not a second reading
            gw.telemetry(pack, 1, 1);
            gw.telemetry("[" + TestGateway.record("TRU-4/lake-sonde/", "water_level", "m", "\"v\":2.75", t + 1, 2)
                    + "]", 2, 1);
            await().untilAsserted(() -> assertThat(readings("TRU-4")).isEqualTo(2));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = 'TRU-4' AND r.seq = 1").query(Long.class).single()).isEqualTo(1);
            assertThat(reasons("TRU-4")).hasSize(1);
        }
    }

    @Test
    void alarmsAndEventsOfUnannouncedDevicesAreDeadLettersUntilAnnounced() {
        try (TestGateway gw = lake("TRU-5")) {
            announce(gw, "TRU-5", SONDE, "lake-sonde");
            String ghostAlarm = "{\"alarm\":\"water_level:HIGH\",\"device\":\"ghost\",\"channel\":\"water_level\","
                    + "\"state\":\"raised\",\"severity\":\"major\",\"value\":2.6,\"limit\":2.5,"
                    + "\"time\":\"2026-11-27T01:00:00Z\"}";
            gw.event("alarm", ghostAlarm, 10);
            gw.event("event", "{\"type\":\"output-write\",\"device\":\"ghost\",\"channel\":\"pump\",\"value\":true}",
                    11);
            gw.event("alarm", ghostAlarm.replace("\"ghost\"", "\"lake-sonde\"").replace("water_level:HIGH",
                    "sonde:HIGH"), 12);
            await().untilAsserted(() -> assertThat(reasons("TRU-5")).containsExactly("UNKNOWN_DEVICE",
                    "UNKNOWN_DEVICE"));
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT device_id FROM alarm WHERE gateway_id = 'TRU-5'")
                    .query(String.class).list()).containsExactly("lake-sonde"));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_event WHERE gateway_id = 'TRU-5'").query(Long.class)
                    .single()).isEqualTo(1);
            // the ghost is announced: its alarm and event are replayed (with their seq, so a resend is a repeat)
            announce(gw, "TRU-5", "{\"lake-sonde\":\"lake@1.0.0\",\"ghost\":\"lake@1.0.0\"}", "ghost");
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_event"
                    + " WHERE gateway_id = 'TRU-5'").query(Long.class).single()).isEqualTo(3));
            assertThat(jdbc.sql("SELECT device_id FROM alarm WHERE gateway_id = 'TRU-5' ORDER BY device_id")
                    .query(String.class).list()).containsExactly("ghost", "lake-sonde");
            gw.event("alarm", ghostAlarm, 10);
            gw.event("event", "{\"type\":\"note\"}", 13);
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_event"
                    + " WHERE gateway_id = 'TRU-5'").query(Long.class).single()).isEqualTo(4));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_event WHERE gateway_id = 'TRU-5' AND seq = 10")
                    .query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void aBirthWithTooManyDevicesIsRefusedAndTheAnnouncedDevicesStay() {
        try (TestGateway gw = lake("TRU-6")) {
            announce(gw, "TRU-6", SONDE, "lake-sonde");
            StringBuilder devices = new StringBuilder("{");
            for (int i = 0; i <= 100; i++) {
                devices.append(i == 0 ? "" : ",").append("\"d").append(i).append("\":\"lake@1.0.0\"");
            }
            gw.birth(devices.append("}").toString());
            await().untilAsserted(() -> assertThat(reasons("TRU-6")).containsExactly("TOO_MANY_DEVICES"));
            assertThat(directory.announced("TRU-6", "lake-sonde")).isTrue();
            assertThat(directory.announced("TRU-6", "d1")).isFalse();
            assertThat(jdbc.sql("SELECT detail FROM dead_letter WHERE gateway_id = 'TRU-6'").query(String.class)
                    .single()).contains("101 devices, at most 100");
        }
    }

    @Test
    void everyOtherRefusalHasItsReason() {
        try (TestGateway gw = lake("TRU-7")) {
            announce(gw, "TRU-7", "{\"lake-sonde\":\"lake@1.0.0\",\"odd\":\"no-such-profile@1.0.0\"}", "odd");
            double t = now();
            gw.telemetry("[" + TestGateway.record("TRU-7/odd/", "water_level", "m", "\"v\":1", t, 1) + "]", 1, 1);
            gw.telemetry("[" + TestGateway.record("OTHER-GW/lake-sonde/", "water_level", "m", "\"v\":1", t, 2) + "]",
                    2, 1);
            // no seq in the record nor in the user properties (with a seq user property the record takes that)
            gw.publish("telemetry", "[{\"bn\":\"TRU-7/lake-sonde/\",\"n\":\"water_level\",\"u\":\"m\",\"v\":1,\"t\":"
                    + t + "}]", ContentType.SENML_JSON.mime(), null, false);
            gw.event("alarm", "{\"state\":\"raised\"}", 4);
            await().untilAsserted(() -> assertThat(reasons("TRU-7")).containsExactlyInAnyOrder("UNKNOWN_PROFILE",
                    "FOREIGN_NAME", "MISSING_SEQ", "BAD_EVENT"));
        }
        // a gateway cannot publish outside its own topics (the broker's ACL), so these are shown on the router
        router.route(Topics.of("NOT-REGISTERED", TopicKind.TELEMETRY), "[]".getBytes(StandardCharsets.UTF_8), null, null, () -> { });
        router.route("hanedge/other/TRU-7", "[]".getBytes(StandardCharsets.UTF_8), null, null, () -> { });
        await().untilAsserted(() -> assertThat(reasons("NOT-REGISTERED")).containsExactly("UNKNOWN_GATEWAY"));
        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT reason FROM dead_letter WHERE topic = 'hanedge/other/TRU-7'")
                .query(String.class).list()).containsExactly("BAD_TOPIC"));
    }

    @Test
    void aGatewayAtItsSeriesLimitCreatesNoNewSeries() {
        try (TestGateway gw = lake("TRU-8")) {
            announce(gw, "TRU-8", SONDE, "lake-sonde");
            double t = now();
            gw.telemetry("[" + TestGateway.record("TRU-8/lake-sonde/", "water_level", "m", "\"v\":1", t, 1) + "]", 1, 1);
            await().untilAsserted(() -> assertThat(series("TRU-8")).isEqualTo(1));
        }
        // the same ingest path with a limit of 2 series per gateway (the server's own is 2000)
        TelemetryHandler limited = new TelemetryHandler(context.getBean(org.hanedge.contract.senml.SenmlDecoder.class),
                context.getBean(org.hanedge.fleet.ingest.senml.RecordChecker.class), directory,
                context.getBean(SeqDedup.class), new SeriesBudget(jdbc, 2), context.getBean(DeadLetters.class),
                context.getBean(IngestMetrics.class), context.getBean(IngestWriter.class), java.time.Clock.systemUTC());
        double t = now();
        MessageOutcome o = limited.evaluate("TRU-8", Topics.of("TRU-8", TopicKind.TELEMETRY), ("["
                + TestGateway.record("TRU-8/lake-sonde/", "water_level", "m", "\"v\":2", t, 2) + ","
                + TestGateway.record(null, "ph", "pH", "\"v\":7", t, 3) + ","
                + TestGateway.record(null, "turbidity", "NTU", "\"v\":4", t, 4) + "]").getBytes(StandardCharsets.UTF_8),
                null);
        assertThat(o.readings()).extracting(r -> r.channel()).containsExactly("water_level", "ph");
        assertThat(o.refused()).extracting(DeadLetter::reason).containsExactly("TOO_MANY_SERIES");
        assertThat(o.refused().get(0).detail()).contains("turbidity").contains("max-series-per-gateway");
        assertThat(o.seqs()).containsExactly(2, 3); // the refused record's seq stays free for a replay
    }
}
