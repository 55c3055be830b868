package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
            Path log = dir.resolve("gateway.log");
            ProcessBuilder pb = new ProcessBuilder(FelixGateway.distribution().resolve("bin/hanedge-gateway").toString(),
                    "--config", site.toString(), "--data", dir.resolve("data").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().put("JAVA_OPTS", "-Xmx64m");
            Process gateway = pb.start();
            try {
                String ph = String.format(Locale.ROOT, "lake-dist/ph = %.4g pH", (Double) expected.get("ph"));
                await("'" + ph + "' in the gateway log").atMost(ofSeconds(60))
                        .until(() -> Files.readString(log).contains(ph));
                String text = Files.readString(log);
                assertFalse(text.contains("ERROR"), text);
                assertTrue(text.contains("device lake-dist: online"), text);
            } finally {
                gateway.destroy(); // SIGTERM: Felix's shutdown hook stops the framework
                assertTrue(gateway.waitFor(20, TimeUnit.SECONDS), "gateway did not stop on SIGTERM");
            }
            assertEquals(143, gateway.exitValue(), "exit status after SIGTERM (128 + 15)");
        }
    }
}
