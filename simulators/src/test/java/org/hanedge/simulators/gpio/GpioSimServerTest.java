package org.hanedge.simulators.gpio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.hanedge.simulators.gpio.GpioTestSupport.LineClient;
import org.junit.jupiter.api.Test;

class GpioSimServerTest {

    @Test
    void sendsInitialLevelsAndChangesAndReceivesOutputs() throws Exception {
        try (GpioSimServer server = new GpioSimServer(GpioTestSupport.profile("pump-station")).start("127.0.0.1", 0);
                LineClient a = new LineClient(server.port())) {
            // rain gauge BCM 17 and float BCM 27 are activeLow: inactive = high
            a.awaitLines("in 17 1", "in 27 1");
            assertEquals(List.of("in 17 1", "in 27 1"), a.lines);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.clientCount() == 1);

            assertTrue(server.set("high_level_float", true));
            assertFalse(server.set("high_level_float", true), "no change, nothing sent");
            server.pulse("rain_rate");
            a.awaitLines("in 17 1", "in 27 1", "in 27 0", "in 17 0", "in 17 1");
            assertTrue(server.active("high_level_float"));

            // a second client gets the current levels at once
            try (LineClient b = new LineClient(server.port())) {
                b.awaitLines("in 17 1", "in 27 0");
                await().atMost(Duration.ofSeconds(5)).until(() -> server.clientCount() == 2);
                server.set("high_level_float", false);
                a.awaitLines("in 27 0", "in 27 1");
                b.awaitLines("in 27 0", "in 27 1");
            }

            a.send("# a gateway\n\nout 22 1\nout 23 0\nhello\nout 99 1\nout 17 1\nout 22 2\n out 24 1 \n");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.outCommands() == 3 && server.garbage() == 4);
            assertEquals(1, server.outputs().get("pump1_run"));
            assertEquals(0, server.outputs().get("pump2_run"));
            assertEquals(1, server.outputs().get("pump3_run"));
            a.send("out 22 0\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.outputs().get("pump1_run") == 0);
            assertEquals(4, server.garbage());
        }
    }

    @Test
    void unknownOrOutputChannelIsRejected() throws Exception {
        try (GpioSimServer server = new GpioSimServer(GpioTestSupport.profile("pump-station"))) {
            assertThrows(IllegalArgumentException.class, () -> server.set("nope", true));
            assertThrows(IllegalArgumentException.class, () -> server.set("pump1_run", true));
        }
    }
}
