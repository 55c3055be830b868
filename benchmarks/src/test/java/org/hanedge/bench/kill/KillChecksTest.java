package org.hanedge.bench.kill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.hanedge.simulators.fleet.GatewayReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The soak's database checks find what they are meant to find (the tables as the fleet server's migrations make them). */
class KillChecksTest {
    private Connection db;

    @BeforeEach
    void schema() throws SQLException {
        db = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
        sql("CREATE TABLE series (id BIGINT PRIMARY KEY, gateway_id VARCHAR(64) NOT NULL)",
                "CREATE TABLE reading (series_id BIGINT NOT NULL, ts BIGINT NOT NULL, seq BIGINT NOT NULL,"
                        + " num DOUBLE PRECISION, batch BIGINT NOT NULL)",
                "CREATE TABLE rollup_watermark (name VARCHAR(32) PRIMARY KEY, batch BIGINT NOT NULL)",
                "CREATE TABLE rollup_1m (series_id BIGINT, bucket BIGINT, cnt BIGINT, sum_v DOUBLE PRECISION)",
                "CREATE TABLE rollup_1h (series_id BIGINT, bucket BIGINT, cnt BIGINT, sum_v DOUBLE PRECISION)",
                "CREATE TABLE alarm (id BIGINT PRIMARY KEY, gateway_id VARCHAR(64), alarm_key VARCHAR(128),"
                        + " state VARCHAR(16), cleared_at BIGINT)",
                "CREATE TABLE alarm_history (id BIGINT PRIMARY KEY, alarm_id BIGINT, event_type VARCHAR(16))",
                "INSERT INTO series VALUES (1, 'GW-1'), (2, 'GW-2')");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void acknowledgedSeqsAgainstStoredOnes() throws SQLException {
        // GW-1 took 1..5, GW-2 took 10..12; stored: GW-1 1,2,2,4,5 and 99; GW-2 10,11,12
        sql("INSERT INTO reading VALUES (1, 0, 1, 1, 1), (1, 0, 2, 1, 1), (1, 0, 2, 1, 2), (1, 0, 4, 1, 2),"
                + " (1, 0, 5, 1, 2), (1, 0, 99, 1, 2), (2, 0, 10, 1, 1), (2, 0, 11, 1, 1), (2, 0, 12, 1, 1)");
        StoredSeqs s = StoredSeqs.check(db, List.of(new GatewayReport("GW-1", 1, 6, 5, 5, 0, 0, 0),
                new GatewayReport("GW-2", 10, 13, 3, 3, 0, 0, 0)));
        assertEquals(8, s.acked());
        assertEquals(7, s.stored());
        assertEquals(1, s.missing());
        assertEquals(1, s.duplicates());
        assertEquals(1, s.unexpected());
        assertEquals(List.of("stored twice: GW-1 seq 2", "missing: GW-1 seq 3"), s.examples());
    }

    @Test
    void aFleetThatDidNotDrainIsRefused() {
        assertThrows(IllegalStateException.class, () -> StoredSeqs.check(db,
                List.of(new GatewayReport("GW-1", 1, 6, 5, 4, 0, 1, 0))));
    }

    @Test
    void rollupsAgainstRawRowsUpToTheWatermark() throws SQLException {
        sql("INSERT INTO rollup_watermark VALUES ('rollups', 10)",
                // minute 0 of series 1: 2 rows (sum 3); minute 1: 1 row, plus one after the watermark (not rolled up)
                "INSERT INTO reading VALUES (1, 1000, 1, 1, 5), (1, 2000, 2, 2, 5), (1, 61000, 3, 4, 10),"
                        + " (1, 62000, 4, 8, 11), (2, 1000, 1, NULL, 5)",
                "INSERT INTO rollup_1m VALUES (1, 0, 2, 3), (1, 60000, 1, 4)",
                "INSERT INTO rollup_1h VALUES (1, 0, 3, 7)");
        RollupCheck ok = RollupCheck.check(db);
        assertEquals(0, ok.mismatches(), ok.examples().toString());
        assertEquals(1, ok.rowsAfter());
        assertEquals(3, ok.bucketsChecked());

        sql("UPDATE rollup_1m SET cnt = 3 WHERE bucket = 60000", "INSERT INTO rollup_1h VALUES (2, 0, 1, 1)");
        RollupCheck bad = RollupCheck.check(db);
        assertEquals(2, bad.mismatches(), bad.examples().toString());
    }

    @Test
    void alarmsAgainstTheirTransitions() throws SQLException {
        sql("INSERT INTO alarm VALUES (1, 'GW-1', 'OFF', 'CLEARED', 5), (2, 'GW-1', 'OFF', 'RAISED', NULL),"
                + " (3, 'GW-2', 'OFF', 'RAISED', NULL)",
                "INSERT INTO alarm_history VALUES (1, 1, 'RAISED'), (2, 1, 'ACKNOWLEDGED'), (3, 1, 'CLEARED'),"
                        + " (4, 2, 'RAISED'), (5, 3, 'RAISED')");
        AlarmCheck ok = AlarmCheck.check(db);
        assertEquals(0, ok.inconsistencies(), ok.examples().toString());
        assertEquals(2, ok.open());
        assertEquals(1, ok.cleared());

        // a clear that reached the history but not the alarm, a second open alarm for one key, a lost RAISED
        sql("INSERT INTO alarm_history VALUES (6, 3, 'CLEARED')",
                "INSERT INTO alarm VALUES (4, 'GW-1', 'OFF', 'RAISED', NULL), (5, 'GW-2', 'STALE', 'CLEARED', 9)",
                "INSERT INTO alarm_history VALUES (7, 4, 'RAISED'), (8, 5, 'CLEARED')");
        AlarmCheck bad = AlarmCheck.check(db);
        assertEquals(3, bad.inconsistencies(), bad.examples().toString());
    }

    private void sql(String... statements) throws SQLException {
        try (Statement st = db.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
