package org.hanedge.fleet.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.alarm.AlarmEventType;
import org.hanedge.fleet.alarm.AlarmRecorder;
import org.hanedge.fleet.alarm.AlarmRepository;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.notify.MutableClock;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.fleet.telemetry.query.TestDatabase;
import org.hanedge.gateway.profile.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Each derived alarm is raised once and cleared once across repeated runs of the job (real H2, real profiles). */
class DerivedAlarmJobTest {
    static final Instant T0 = Instant.parse("2026-11-27T04:00:00Z");
    static final long MIN = 60_000;

    TestDatabase db;
    MutableClock clock;
    DerivedAlarmJob job;
    List<AlarmEventType> transitions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        clock = new MutableClock(T0);
        FleetProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("hanedge.fleet.alarms.offline-after-by-kind.waste-truck", "30m")))
                .bindOrCreate("hanedge.fleet", FleetProperties.class);
        ProfileCatalog profiles = ProfileCatalog.of(List.of(
                ProfileLoader.load(FleetServerTest.projectPath("device-profiles/lake.yaml"))));
        AlarmRecorder recorder = new AlarmRecorder(new AlarmRepository(db.jdbc),
                List.of(t -> transitions.add(t.type())));
        job = new DerivedAlarmJob(recorder, new HealthRepository(db.jdbc), profiles, properties, clock);
    }

    private void gateway(String id, String kind, boolean online, Long lastSeen, Long connectedAt, Long offset) {
        db.gateway(id, kind, id, "Hai Chau");
        set(id, online, lastSeen, connectedAt, offset);
    }

    private void set(String id, boolean online, Long lastSeen, Long connectedAt, Long offset) {
        db.jdbc.sql("UPDATE gateway SET online = ?, last_seen = ?, connected_at = ?, clock_offset_ms = ? WHERE id = ?")
                .params(online, lastSeen, connectedAt, offset, id).update();
    }

    private void stats(String id, long time, String drops) {
        db.jdbc.sql("UPDATE gateway SET stats_json = ?, stats_time = ?, last_seen = ? WHERE id = ?")
                .params("{\"gateway\":\"" + id + "\",\"outbox\":{\"pending\":{},\"drops\":" + drops + "}}", time, time,
                        id)
                .update();
    }

    private List<String> open(String gatewayId) {
        return db.jdbc.sql("SELECT alarm_key FROM alarm WHERE gateway_id = ? AND state = 'RAISED' AND source = 'SERVER' "
                + "ORDER BY alarm_key").param(gatewayId).query(String.class).list();
    }

    private long rows(String gatewayId, String key) {
        return db.jdbc.sql("SELECT COUNT(*) FROM alarm WHERE gateway_id = ? AND alarm_key = ?")
                .params(gatewayId, key).query(Long.class).single();
    }

    private Map<String, Object> alarm(String gatewayId, String key) {
        return db.jdbc.sql("SELECT severity, message, alarm_value, limit_value, state, device_id, channel FROM alarm "
                + "WHERE gateway_id = ? AND alarm_key = ? ORDER BY id DESC").params(gatewayId, key)
                .query().listOfRows().get(0);
    }

    private void runTwice(int raised, int cleared) {
        assertThat(job.runOnce()).isEqualTo(new DerivedAlarmJob.Outcome(raised, cleared));
        assertThat(job.runOnce()).isEqualTo(new DerivedAlarmJob.Outcome(0, 0));
    }

    private void at(long millis) {
        clock.setMillis(millis);
    }

    @Test
    void gatewayOfflineRaisesOnceAfterItsKindsLimitAndClearsWhenBack() {
        long t0 = T0.toEpochMilli();
        gateway("DA-LAKE", "lake", true, t0, t0, 0L);
        gateway("DA-TRUCK", "waste-truck", false, t0 - MIN, t0 - 60 * MIN, 0L);
        gateway("DA-NEVER", "lake", false, null, null, null); // never seen: not offline
        runTwice(0, 0);

        set("DA-LAKE", false, t0, t0, 0L); // session ended
        at(t0 + 5 * MIN);
        runTwice(0, 0); // exactly the limit: not yet
        at(t0 + 6 * MIN);
        runTwice(1, 0);
        assertThat(open("DA-LAKE")).containsExactly("GATEWAY_OFFLINE");
        assertThat(open("DA-TRUCK")).isEmpty(); // trucks: 30 min
        Map<String, Object> a = alarm("DA-LAKE", "GATEWAY_OFFLINE");
        assertThat(a.get("severity")).isEqualTo("MAJOR");
        assertThat(((Number) a.get("alarm_value")).doubleValue()).isEqualTo(360.0);
        assertThat(((Number) a.get("limit_value")).doubleValue()).isEqualTo(300.0);
        assertThat((String) a.get("message")).contains("6 min").contains("2026-11-27T04:00:00Z").contains("5 min");

        at(t0 + 32 * MIN);
        runTwice(1, 0);
        assertThat(open("DA-TRUCK")).containsExactly("GATEWAY_OFFLINE");

        // silent while the session is still open counts too; back (heard from) clears
        set("DA-LAKE", true, t0 + 32 * MIN, t0 + 32 * MIN, 0L);
        runTwice(0, 1);
        assertThat(open("DA-LAKE")).isEmpty();
        assertThat(rows("DA-LAKE", "GATEWAY_OFFLINE")).isEqualTo(1);
        assertThat(open("DA-NEVER")).isEmpty();
        assertThat(transitions).containsExactly(AlarmEventType.RAISED, AlarmEventType.RAISED,
                AlarmEventType.CLEARED);
        assertThat(db.jdbc.sql("SELECT event_type FROM alarm_history h JOIN alarm a ON a.id = h.alarm_id "
                + "WHERE a.gateway_id = 'DA-LAKE' ORDER BY h.id").query(String.class).list())
                .containsExactly("RAISED", "CLEARED");
    }

    @Test
    void staleChannelOfAnOnlineGatewayPerItsProfile() {
        long t0 = T0.toEpochMilli();
        gateway("DA-ST", "lake", true, t0, t0 - 120 * MIN, 0L);
        db.jdbc.sql("INSERT INTO gateway_device (gateway_id, device_id, profile_id) VALUES ('DA-ST', 'sonde', 'lake')")
                .update();
        long temp = db.series("DA-ST", "sonde", "water_temperature", "NUMBER", "Cel"); // 2 x 15 min heartbeat
        long unknown = db.series("DA-ST", "sonde", "not_in_profile", "NUMBER", null);
        db.latest(temp, t0 - 30 * MIN, 28.0, null, null);
        db.latest(unknown, t0 - 600 * MIN, 1.0, null, null);
        runTwice(0, 0); // exactly 30 min: not yet

        at(t0 + MIN);
        runTwice(1, 0);
        assertThat(open("DA-ST")).containsExactly("sonde/water_temperature/STALE");
        Map<String, Object> a = alarm("DA-ST", "sonde/water_temperature/STALE");
        assertThat(a.get("severity")).isEqualTo("MINOR");
        assertThat(a.get("device_id")).isEqualTo("sonde");
        assertThat(a.get("channel")).isEqualTo("water_temperature");
        assertThat(((Number) a.get("alarm_value")).doubleValue()).isEqualTo(31 * 60.0);
        assertThat(((Number) a.get("limit_value")).doubleValue()).isEqualTo(30 * 60.0);
        assertThat((String) a.get("message")).contains("31 min").contains("30 min");

        // offline gateways are not judged: the stale alarm stays as it is
        set("DA-ST", false, t0, t0 - 120 * MIN, 0L);
        at(t0 + 10 * MIN);
        runTwice(1, 0); // GATEWAY_OFFLINE
        assertThat(open("DA-ST")).containsExactly("GATEWAY_OFFLINE", "sonde/water_temperature/STALE");

        // reconnected: given the limit to catch up (neither raised nor cleared meanwhile), then a value clears it
        set("DA-ST", true, t0 + 10 * MIN, t0 + 10 * MIN, 0L);
        runTwice(0, 1); // GATEWAY_OFFLINE cleared
        assertThat(open("DA-ST")).containsExactly("sonde/water_temperature/STALE");
        db.latest(temp, t0 + 10 * MIN, 28.1, null, null);
        runTwice(0, 1);
        assertThat(open("DA-ST")).isEmpty();
        assertThat(rows("DA-ST", "sonde/water_temperature/STALE")).isEqualTo(1);
        assertThat(open("DA-ST")).isEmpty();

        // just reconnected with a silent channel: not raised until it had the limit to catch up
        set("DA-ST", true, t0 + 45 * MIN, t0 + 30 * MIN, 0L);
        at(t0 + 45 * MIN);
        runTwice(0, 0);
        at(t0 + 61 * MIN);
        set("DA-ST", true, t0 + 61 * MIN, t0 + 30 * MIN, 0L);
        runTwice(1, 0);
        assertThat(open("DA-ST")).containsExactly("sonde/water_temperature/STALE");
        db.latest(temp, t0 + 61 * MIN, 28.1, null, null);
        runTwice(0, 1);

        // a gateway clock running 20 min behind: its times are corrected by the measured offset
        db.latest(temp, t0 + 10 * MIN, 28.1, null, null);
        set("DA-ST", true, t0 + 50 * MIN, t0 + 10 * MIN - 20 * MIN, -20 * MIN);
        db.latest(temp, t0 + 25 * MIN - 20 * MIN, 28.2, null, null); // 04:25 server time
        at(t0 + 50 * MIN);
        job.runOnce();
        assertThat(open("DA-ST")).containsExactly("CLOCK_DRIFT");
        at(t0 + 56 * MIN);
        set("DA-ST", true, t0 + 56 * MIN, t0 + 10 * MIN - 20 * MIN, -20 * MIN);
        job.runOnce();
        assertThat(open("DA-ST")).containsExactly("CLOCK_DRIFT", "sonde/water_temperature/STALE");
    }

    @Test
    void outboxDroppingNeedsNewDropsAndClearsAfterStatsWithoutNewOnes() {
        long t0 = T0.toEpochMilli();
        gateway("DA-OB", "lake", true, t0, t0, 0L);
        String five = "{\"FULL_DROPPED_OLDEST\":5,\"FULL_REJECTED\":0,\"CORRUPT\":0,\"IO_ERROR\":0}";
        stats("DA-OB", t0, five); // first sight: lifetime counters, only the baseline
        runTwice(0, 0);
        assertThat(db.jdbc.sql("SELECT drops_total FROM gateway_drop_watch WHERE gateway_id = 'DA-OB'")
                .query(Long.class).single()).isEqualTo(5);

        stats("DA-OB", t0 + MIN, five);
        runTwice(0, 0);
        stats("DA-OB", t0 + 2 * MIN, "{\"FULL_DROPPED_OLDEST\":125,\"FULL_REJECTED\":0,\"CORRUPT\":1,\"IO_ERROR\":0}");
        runTwice(1, 0);
        Map<String, Object> a = alarm("DA-OB", "OUTBOX_DROPPING");
        assertThat(a.get("severity")).isEqualTo("MAJOR");
        assertThat(((Number) a.get("alarm_value")).doubleValue()).isEqualTo(121.0);
        assertThat((String) a.get("message")).contains("121").contains("FULL_DROPPED_OLDEST=125")
                .contains("CORRUPT=1").doesNotContain("IO_ERROR");

        // still dropping: stays open; then a stats message with no new drops clears it
        stats("DA-OB", t0 + 3 * MIN, "{\"FULL_DROPPED_OLDEST\":200,\"CORRUPT\":1}");
        runTwice(0, 0);
        stats("DA-OB", t0 + 4 * MIN, "{\"FULL_DROPPED_OLDEST\":200,\"CORRUPT\":1}");
        runTwice(0, 1);
        // counters reset (outbox recreated): what is there is new
        stats("DA-OB", t0 + 5 * MIN, "{\"FULL_DROPPED_OLDEST\":3}");
        runTwice(1, 0);
        assertThat(rows("DA-OB", "OUTBOX_DROPPING")).isEqualTo(2);
        // unreadable stats are not judged
        db.jdbc.sql("UPDATE gateway SET stats_json = 'not json', stats_time = ? WHERE id = 'DA-OB'")
                .param(t0 + 6 * MIN).update();
        runTwice(0, 0);
        assertThat(open("DA-OB")).containsExactly("OUTBOX_DROPPING");
    }

    @Test
    void clockDriftBeyondTheLimit() {
        long t0 = T0.toEpochMilli();
        gateway("DA-CK", "lake", true, t0, t0, 30_000L); // exactly the limit
        runTwice(0, 0);
        set("DA-CK", true, t0, t0, -45_500L);
        runTwice(1, 0);
        Map<String, Object> a = alarm("DA-CK", "CLOCK_DRIFT");
        assertThat(a.get("severity")).isEqualTo("WARNING");
        assertThat(((Number) a.get("alarm_value")).doubleValue()).isEqualTo(-45.5);
        assertThat(((Number) a.get("limit_value")).doubleValue()).isEqualTo(30.0);
        assertThat((String) a.get("message")).contains("45.5 s behind").contains("30 s");
        set("DA-CK", true, t0, t0, 800L);
        runTwice(0, 1);
        assertThat(open("DA-CK")).isEmpty();
    }

    @Test
    void durationsReadable() {
        assertThat(Durations.text(45_500)).isEqualTo("45.5 s");
        assertThat(Durations.text(5_000)).isEqualTo("5 s");
        assertThat(Durations.text(432_000)).isEqualTo("7 min 12 s");
        assertThat(Durations.text(Duration.ofMinutes(185).toMillis())).isEqualTo("3 h 5 min");
    }
}
