package org.hanedge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How the demo reads the fleet server's answers and the virtual fleet's report files. */
class ApiAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statsCountOnlyWhenSentAfterTheRestore() throws Exception {
        JsonNode outbox = JSON.readTree("{\"statsTime\":\"2026-11-27T08:10:05.250Z\",\"pending\":4,"
                + "\"stats\":{\"outbox\":{\"lastSeq\":120}}}");
        long[] s = ApiDistrictProbe.statsAfter(outbox, Instant.parse("2026-11-27T08:10:04Z")).orElseThrow();
        assertEquals(120, s[0]);
        assertEquals(4, s[1]);
        assertTrue(ApiDistrictProbe.statsAfter(outbox, Instant.parse("2026-11-27T08:10:05.900Z")).isEmpty(),
                "the same second as the restore: not after it");
        assertTrue(ApiDistrictProbe.statsAfter(JSON.readTree("{\"statsTime\":null}"), Instant.EPOCH).isEmpty());
    }

    @Test
    void virtualBacklogsAddUpAndAMissingReportIsUnknown(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.json");
        Files.writeString(report, "{\"time\":\"2026-11-27T08:00:00Z\",\"running\":true,\"gateways\":["
                + "{\"gatewayId\":\"a\",\"backlogReadings\":3},{\"gatewayId\":\"b\",\"backlogReadings\":5}]}");
        assertEquals(OptionalLong.of(8), ApiDistrictProbe.backlogOf(report));
        assertEquals(OptionalLong.empty(), ApiDistrictProbe.backlogOf(dir.resolve("missing.json")));
        ApiDistrictProbe none = new ApiDistrictProbe(new FleetApi("http://127.0.0.1:1", "a", "a"), "X", List.of(),
                List.of());
        assertEquals(OptionalLong.of(0), none.virtualBacklog(), "no district fleet: nothing to wait for");
        assertEquals(OptionalLong.of(0), none.realUndelivered(Instant.EPOCH), "no real gateway: nothing to wait for");
    }

    @Test
    void theAlarmFeedPrintsEachAlarmOnceAndAtMostEightAPoll() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            items.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"severity\":\"CRITICAL\","
                    + "\"gateway\":\"PS-01\",\"device\":\"ps-sim\",\"channel\":\"wet_well_level\",\"message\":\"high\","
                    + "\"state\":\"").append(i == 1 ? "CLEARED" : "ACTIVE").append("\"}");
        }
        JsonNode page = JSON.readTree("{\"items\":[" + items + "]}");
        AlarmFeed feed = new AlarmFeed();
        List<String> shown = new ArrayList<>();
        List<String> more = new ArrayList<>();
        feed.accept(page, shown::add, more::add);
        assertEquals(8, shown.size());
        assertEquals("alarm CRITICAL PS-01 ps-sim/wet_well_level: high (cleared since)", shown.get(0));
        assertEquals(List.of("... and 2 more alarms (web UI: Alarms)"), more);
        feed.accept(page, shown::add, more::add);
        assertEquals(8, shown.size(), "seen alarms are not printed again");
    }

    @Test
    void devicesFileSummary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.yaml");
        Files.writeString(f, "devices:\n  - { id: lake-sim, profile: lake, modbus: { transport: tcp, host: 127.0.0.1, "
                + "port: 5021, unitId: 1 } }\n  - { id: lake-sim-io, profile: lake, gpio: { provider: sim, "
                + "simAddress: 127.0.0.1:5031 } }\n");
        assertEquals("2 devices (Modbus TCP on 127.0.0.1:5021)", DevicesFile.summary(f));
        Files.writeString(f, "devices:\n  - { id: ps-sim, profile: pump-station, modbus: { transport: rtu, serialPort: "
                + "/d/pty/ps-rtu, baud: 9600 } }\n");
        assertEquals("1 devices (Modbus RTU on /d/pty/ps-rtu)", DevicesFile.summary(f));
    }
}
