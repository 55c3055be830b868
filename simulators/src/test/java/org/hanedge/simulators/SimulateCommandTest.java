package org.hanedge.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.hanedge.simulators.modbus.Fault;
import org.hanedge.simulators.modbus.FaultInjector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class SimulateCommandTest {

    private static int run(ByteArrayOutputStream errBytes, String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            return new CommandLine(new SimulateCommand()).execute(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void unknownKindListsTheAvailableOnesAndExits2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "submarine", "--profiles", "../device-profiles"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("unknown kind 'submarine'") && text.contains("pump-station"), text);
    }

    @Test
    void brokenProfilePrintsTheProblemAndExits2(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lake.yaml"), "profile: lake\nversion: 1.0.0\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "lake", "--profiles", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("failed to load"), err.toString());
    }

    @Test
    void stdinCommandsSwitchFaults() {
        FaultInjector f = new FaultInjector();
        assertEquals("fault: slow 800ms", SimulateCommand.command("fault slow 800ms", f));
        assertEquals(Fault.Kind.SLOW, f.current().kind());
        assertEquals("fault: exception 4", SimulateCommand.command("fault exception 4", f));
        assertTrue(SimulateCommand.command("fault bogus", f).startsWith("error:"));
        assertEquals(Fault.exception(4), f.current());
        assertTrue(SimulateCommand.command("stats", f).contains("current=exception 4"));
        SimulateCommand.command("fault none", f);
        assertEquals(Fault.NONE, f.current());
    }
}
