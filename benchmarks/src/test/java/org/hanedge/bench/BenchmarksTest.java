package org.hanedge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchmarksTest {
    private final Path root = Path.of("/co");

    @Test
    void eachBenchmarkGetsTheDefaultsItTakesAndAGivenOptionReplacesOne() {
        assertEquals(List.of("--out", "/co/target/bench/nmea.json", "--rounds", "2"),
                Benchmarks.arguments(root, "/fleet.jar", "nmea", List.of("--rounds", "2")));
        assertEquals(List.of("--profiles", "/co/device-profiles", "--dir", "/co/target/bench/kill-work", "--fleet-jar",
                "/fleet.jar", "--out", "/co/target/bench/kill.json", "--store", "h2"),
                Benchmarks.arguments(root, "/fleet.jar", "kill", List.of("--store", "h2")));
        assertEquals(List.of("--dir", "/co/target/bench/outbox-work", "--out", "/tmp/o.json"),
                Benchmarks.arguments(root, "", "outbox", List.of("--out", "/tmp/o.json")));
        assertEquals(List.of("--out", "/co/target/bench/wire.json", "--profiles=/p"),
                Benchmarks.arguments(root, "", "wire", List.of("--profiles=/p")));
    }

    @Test
    void theUsageNamesEveryBenchmark() {
        for (String name : Benchmarks.ALL.keySet()) {
            assertTrue(Benchmarks.usage().contains("  " + name + " "), name);
        }
    }
}
