package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packed distribution's own start script runs the gateway in a separate JVM with a 64 MB heap. */
class DistributionIT {
    @TempDir
    Path dir;

    @Test
    void startScriptRunsTheGatewayAndStopsOnSigterm() throws Exception {
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "lake");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        Map<String, Object> expected = SimulatedSite.fill(bank, 3);
        try (ModbusTcpSlave lake = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0)) {
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: gw-dist-it }
                    profiles: profiles
                    devices:
                      - { id: lake-dist, profile: lake, modbus: { transport: tcp, port: %d } }
                    """.formatted(lake.port()));
            try (GatewayProcess gateway = GatewayProcess.start(site, dir.resolve("data"), dir.resolve("gw.log"))) {
                String ph = String.format(Locale.ROOT, "lake-dist/ph = %.4g pH", (Double) expected.get("ph"));
                // the device reports online right after its first poll, whose readings may be logged first
                await("'" + ph + "' and the device online in the gateway log").atMost(ofSeconds(60))
                        .until(() -> gateway.log().contains(ph) && gateway.log().contains("device lake-dist: online"));
                String text = gateway.log();
                assertFalse(text.contains("ERROR"), text);
                assertEquals(143, gateway.terminate(), "exit status after SIGTERM (128 + 15)");
            }
        }
    }
}
