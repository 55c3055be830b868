package org.hanedge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios' timelines at a speed, stepped with a given monotonic time; events as scenario.log has them. */
class ScenarioTimelineTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(terminal, true, StandardCharsets.UTF_8), false);
    private final List<String> sent = new ArrayList<>();

    private EventLog events() {
        return new EventLog(dir.resolve("scenario.log"), console,
                Clock.fixed(Instant.parse("2026-11-27T08:05:47.120Z"), ZoneOffset.UTC));
    }

    private List<String> logLines() throws Exception {
        return Files.exists(dir.resolve("scenario.log")) ? Files.readAllLines(dir.resolve("scenario.log")) : List.of();
    }

    /** A district of 7 gateways whose answers the test sets. */
    private static final class District implements DistrictProbe {
        OptionalInt online = OptionalInt.of(7);
        OptionalLong real = OptionalLong.empty();
        OptionalLong virtual = OptionalLong.of(12);

        @Override
        public OptionalInt online() {
            return online;
        }

        @Override
        public OptionalLong realUndelivered(Instant restoredAt) {
            return real;
        }

        @Override
        public OptionalLong virtualBacklog() {
            return virtual;
        }
    }

    @Test
    void outageAtSpeed20CutsAfter3sRestores30sLaterAndDrainsWhenEverythingIsDelivered() throws Exception {
        District district = new District();
        OutageScenario outage = new OutageScenario("Hai Chau", 7, List.of("INT-001", "PS-01"), 10, new SimTime(20),
                sent::add, district, events(), console, Clock.systemUTC());
        outage.announce(100_000);
        assertTrue(terminal.toString(StandardCharsets.UTF_8)
                .contains("hanedge demo: scenario outage: the uplink of Hai Chau (7 gateways) is cut in 3 s"));

        outage.step(102_999);
        assertEquals(List.of(), sent, "not before the lead simulated minute");
        outage.step(103_000);
        assertEquals(List.of("cut"), sent);
        assertEquals(OutageScenario.Phase.CUT, outage.phase());
        assertEquals(List.of("2026-11-27T08:05:47.120Z outage-cut district=\"Hai Chau\" gateways=7: the uplink of "
                + "Hai Chau is cut for 10 simulated minutes (30 s): 7 gateways (INT-001 PS-01) keep reading into their "
                + "outboxes"), logLines());

        district.online = OptionalInt.of(0);
        outage.step(118_000);
        assertTrue(terminal.toString(StandardCharsets.UTF_8).contains("Hai Chau: 0/7 online, uplink back in 15 s"));
        outage.step(132_999);
        assertEquals(List.of("cut"), sent);
        outage.step(133_000);
        assertEquals(List.of("cut", "restore"), sent);
        assertEquals(OutageScenario.Phase.DRAINING, outage.phase());

        district.online = OptionalInt.of(7);
        outage.step(138_000);
        assertEquals(OutageScenario.Phase.DRAINING, outage.phase(), "real gateways have not sent stats yet");
        assertTrue(terminal.toString(StandardCharsets.UTF_8).contains("Hai Chau: 7/7 online; backlog still to deliver: "
                + "real gateways waiting for their stats, virtual gateways 12 readings"));
        district.real = OptionalLong.of(0);
        district.virtual = OptionalLong.of(0);
        outage.step(150_000);
        assertEquals(OutageScenario.Phase.DRAINED, outage.phase());
        List<String> lines = logLines();
        assertEquals(3, lines.size());
        assertEquals("2026-11-27T08:05:47.120Z outage-restored district=\"Hai Chau\": the uplink is back; backlogs "
                + "drain", lines.get(1));
        assertEquals("2026-11-27T08:05:47.120Z outage-drained district=\"Hai Chau\": 7/7 online, every backlog "
                + "delivered 17 s after the restore", lines.get(2));
        outage.step(200_000);
        assertEquals(3, logLines().size(), "drained once");
    }

    @Test
    void sosAtSpeed10PressesTheButtonSixSecondsAfterReadyOnce() throws Exception {
        SosScenario sos = new SosScenario("BOAT-001", sent::add, () -> Optional.of("15.9 N 109.1 E"), events(),
                console, new SimTime(10));
        sos.announce(0);
        assertTrue(terminal.toString(StandardCharsets.UTF_8)
                .contains("scenario sos: BOAT-001 is on its fishing grounds; SOS in 6 s"));
        sos.step(5_999);
        assertFalse(sos.pressed());
        sos.step(6_000);
        sos.step(7_000);
        assertEquals(List.of("sos"), sent);
        assertEquals(List.of("2026-11-27T08:05:47.120Z sos-pressed gateway=BOAT-001: the skipper of BOAT-001 presses "
                + "SOS at 15.9 N 109.1 E (fishing grounds, about 100 km offshore); watch the alarm arrive"), logLines());
        assertTrue(terminal.toString(StandardCharsets.UTF_8).matches("(?s).*hanedge demo: \\[\\d\\d:\\d\\d:\\d\\d\\] "
                + "sos-pressed gateway=BOAT-001.*"));
    }

    @Test
    void stormAnnouncesItsPeakInRealSecondsAtTheSpeed() throws Exception {
        new StormScenario(events(), new SimTime(10)).announce(0);
        assertEquals(List.of("2026-11-27T08:05:47.120Z storm: rain rising to 60 mm/h at +45 simulated minutes (270 s): "
                + "wet wells fill, pumps start, high-level and flood alarms follow"), logLines());
        assertEquals(2700, new SimTime(1).realSeconds(45));
        assertEquals(4, new SimTime(7).realSeconds(0.5), "rounded: 4.29 s");
    }
}
