package org.hanedge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class DemoOptionsTest {
    private static final Path ROOT = Path.of("/opt/hanedge");

    private static DemoPlan plan(String... args) throws DemoUsageException {
        DemoCommand cmd = new DemoCommand(ROOT, System.err);
        new CommandLine(cmd).parseArgs(args);
        return cmd.options.validate(ROOT);
    }

    private static String error(String... args) {
        return assertThrows(DemoUsageException.class, () -> plan(args)).getMessage();
    }

    @Test
    void defaultsAreThoseOfTheDocs() throws Exception {
        DemoPlan p = plan();
        assertFalse(p.fresh());
        assertEquals(-1, p.virtual());
        assertEquals(List.of(SiteKind.values()), p.kinds());
        assertEquals(1.0, p.time().speed());
        assertEquals(ScenarioName.NORMAL, p.scenario());
        assertNull(p.outageDistrict());
        assertEquals(10.0, p.outageMinutes());
        assertEquals(8080, p.httpPort());
        assertEquals(1883, p.mqttPort());
        assertEquals(5020, p.modbusPort(0));
        assertEquals(5034, p.gpioPort(4));
        assertEquals("0.2", p.rateText());
        assertEquals(ROOT.resolve("run/demo"), p.data());
    }

    @Test
    void optionsAsTheOutageTestGivesThem() throws Exception {
        DemoPlan p = plan("--fresh", "--kinds", "intersection,pump-station", "--virtual", "10", "--scenario", "outage",
                "--speed", "20", "--sim-port", "0", "--http-port", "18080", "--mqtt-port", "11883", "--data", "/tmp/d",
                "--outage-district", "Son Tra", "--outage-minutes", "2.5", "--rate", "1");
        assertTrue(p.fresh());
        assertEquals(List.of(SiteKind.INTERSECTION, SiteKind.PUMP_STATION), p.kinds());
        assertEquals(10, p.virtual());
        assertEquals(ScenarioName.OUTAGE, p.scenario());
        assertEquals("20", p.time().speedText());
        assertEquals(0, p.modbusPort(1));
        assertEquals(0, p.gpioPort(1));
        assertEquals("http://127.0.0.1:18080", p.serverUrl());
        assertEquals("tcp://127.0.0.1:11883", p.brokerUri());
        assertEquals(Path.of("/tmp/d"), p.data());
        assertEquals("Son Tra", p.outageDistrict());
        assertEquals(2.5, p.outageMinutes());
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertEquals("--speed: '0' is not a positive number", error("--speed", "0"));
        assertEquals("--speed: 'fast' is not a positive number", error("--speed", "fast"));
        assertEquals("--outage-minutes: '-3' is not a positive number", error("--outage-minutes", "-3"));
        assertEquals("--scenario must be normal, storm, outage or sos, was 'flood'", error("--scenario", "flood"));
        assertEquals("--kinds: unknown site kind 'boat' (kinds: intersection,lake,pump-station,waste-truck,"
                + "fishing-boat)", error("--kinds", "lake,boat"));
        assertEquals("--scenario sos needs the real fishing boat (--kinds with fishing-boat)",
                error("--scenario", "sos", "--kinds", "lake"));
        assertEquals("--http-port: 70000 is not a port (1-65535)", error("--http-port", "70000"));
        assertThrows(CommandLine.ParameterException.class, () -> plan("--virtual", "many"));
    }
}
