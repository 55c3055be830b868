package org.hanedge.fleet.ingest.senml;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.profile.ProfileLoader;

/**
 * Manual throughput self-check (not a test: no timing is asserted anywhere). Decodes and checks 16 KiB gateway
 * packs on one thread and prints records per second per format. Run from fleet-server/ after test-compile:
 * {@code java -cp target/classes:target/test-classes:<dependency classpath> org.hanedge.fleet.ingest.senml.SenmlThroughput}
 */
public final class SenmlThroughput {
    private SenmlThroughput() {
    }

    public static void main(String[] args) throws Exception {
        ProfileCatalog catalog = ProfileCatalog.of(List.of(
                ProfileLoader.load(FleetServerTest.projectPath("device-profiles/lake.yaml"))));
        RecordChecker checker = new RecordChecker(catalog, java.time.Duration.ofDays(1), 0);
        SenmlDecoder decoder = new SenmlDecoder(262_144, Clock.systemUTC());
        Function<String, String> devices = Map.of("sonde-1", "lake", "sonde-2", "lake")::get;
        String[] channels = {"water_temperature", "conductivity", "ph", "dissolved_oxygen", "turbidity", "water_level"};
        String[] units = {"Cel", "uS/cm", "pH", "mg/L", "NTU", "m"};
        Instant t0 = Instant.now();
        for (SenmlFormat format : SenmlFormat.values()) {
            List<byte[]> packs = new ArrayList<>();
            for (int p = 0; p < 64; p++) {
                List<Reading> readings = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    int c = i % channels.length;
                    readings.add(Reading.of(i < 75 ? "sonde-1" : "sonde-2", channels[c], 10 + Math.random(), units[c],
                            t0.plusMillis(p * 150L + i)));
                }
                packs.add(GatewayEncoder.pack(format, "gw-perf", readings, p * 150L));
            }
            for (int round = 0; round < 5; round++) {
                long records = 0;
                long bad = 0;
                long start = System.nanoTime();
                while (System.nanoTime() - start < 1_000_000_000L) {
                    for (byte[] pack : packs) {
                        DecodedPack decoded = decoder.decode("gw-perf", pack, format);
                        long now = System.currentTimeMillis();
                        for (SenmlRecord r : decoded.records()) {
                            if (checker.check("gw-perf", devices, r, now).isPresent()) {
                                bad++;
                            }
                        }
                        records += decoded.records().size();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s round %d: %,.0f records/s decoded and checked (%d bad, pack %d bytes)%n",
                        format, round, records / seconds, bad, packs.get(0).length);
            }
        }
    }
}
