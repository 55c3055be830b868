package org.hanedge.simulators.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;

import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.modbus.RegisterCodec;
import org.hanedge.simulators.TestProfiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModbusTcpSlaveTest {

    private RegisterBank bank;
    private ModbusTcpSlave slave;
    private ModbusTCPMaster master;

    @BeforeEach
    void start() throws Exception {
        bank = new RegisterBank(TestProfiles.mixed());
        slave = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0);
        master = connect(500);
    }

    private ModbusTCPMaster connect(int timeoutMs) throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", slave.port(), timeoutMs, false);
        m.connect();
        m.setRetries(1);
        return m;
    }

    @AfterEach
    void stop() {
        master.disconnect();
        slave.close();
    }

    private static int[] raw(InputRegister[] regs) {
        int[] out = new int[regs.length];
        for (int i = 0; i < regs.length; i++) {
            out[i] = regs[i].toUnsignedShort();
        }
        return out;
    }

    private ModbusSource src(String name) {
        return (ModbusSource) bank.channel(name).orElseThrow().source();
    }

    @Test
    void readsValuesEncodedPerProfile() throws Exception {
        bank.set("temp_cdab", 27.625);
        bank.set("level", 3.21);
        bank.set("counter", 70000);
        bank.set("flag_bit3", true);
        bank.set("flag_bit5", true);
        bank.set("flag_bit3", false);
        bank.set("pump_running", true);

        int[] regs = raw(master.readInputRegisters(1, 0, 13));
        assertEquals(27.625, RegisterCodec.decode(src("temp_cdab"), regs, 0), 1e-6);
        // CDAB: low word first on the wire
        assertArrayEquals(RegisterCodec.encode(src("temp_cdab"), 27.625), new int[] {regs[0], regs[1]});
        assertEquals(3.21, RegisterCodec.decode(src("level"), regs, 2), 1e-9);
        assertEquals(0, regs[5], "gap between channels reads as zero");
        assertEquals(70000, RegisterCodec.decode(src("counter"), regs, 10), 0);
        assertEquals(1 << 5, regs[12], "bits merged into one register");

        BitVector di = master.readInputDiscretes(1, 0, 8);
        assertTrue(di.getBit(3));
        assertFalse(di.getBit(2));
    }

    @Test
    void writesGoIntoTheBankAndStick() throws Exception {
        master.writeSingleRegister(1, 100, new SimpleRegister(RegisterCodec.encode(src("setpoint"), -12.5)[0]));
        assertEquals(-12.5, bank.get("setpoint"), 1e-9);
        assertTrue(bank.writtenByMaster("setpoint"));
        assertFalse(bank.update("setpoint", 99));
        assertEquals(-12.5, bank.get("setpoint"), 1e-9);

        master.writeMultipleRegisters(1, 200, new SimpleRegister[] {new SimpleRegister(7), new SimpleRegister(8)});
        assertArrayEquals(new int[] {7, 8}, raw(master.readMultipleRegisters(1, 200, 2)));

        master.writeCoil(1, 0, true);
        assertTrue(bank.getBool("pump_cmd"));
        BitVector bv = new BitVector(10);
        bv.setBit(9, true);
        master.writeMultipleCoils(1, 1, bv);
        assertTrue(master.readCoils(1, 10, 1).getBit(0));
        assertFalse(master.readCoils(1, 0, 10).getBit(9));
    }

    @Test
    void exceptionResponses() throws Exception {
        ModbusSlaveException outside = assertThrows(ModbusSlaveException.class,
                () -> master.readInputRegisters(1, RegisterBank.DEFAULT_TABLE_SIZE - 1, 2));
        assertEquals(2, outside.getType());
        ModbusSlaveException otherUnit = assertThrows(ModbusSlaveException.class,
                () -> master.readInputRegisters(7, 0, 1));
        assertEquals(11, otherUnit.getType());
        assertEquals(1, slave.faults().otherUnit());
    }

    @Test
    void unsupportedFunctionGetsException1() {
        byte[] reply = new PduHandler(bank).handle(new byte[] {0x2B, 0x0E, 0x01, 0x00});
        assertArrayEquals(new byte[] {(byte) 0xAB, 1}, reply);
        assertArrayEquals(new byte[] {(byte) 0x83, 3}, new PduHandler(bank).handle(new byte[] {3, 0, 0, 0, 126}));
    }

    @Test
    void faultSlowDelaysTheReply() throws Exception {
        master.disconnect();
        master = connect(2000);
        slave.faults().set(Fault.parse("fault slow 300ms"));
        long t0 = System.nanoTime();
        master.readInputRegisters(1, 0, 2);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300, "reply took " + ms + " ms");
        assertEquals(1, slave.faults().faults(Fault.Kind.SLOW));
    }

    @Test
    void faultExceptionSurfacesTheCode() {
        slave.faults().set(Fault.exception(4));
        ModbusSlaveException e = assertThrows(ModbusSlaveException.class, () -> master.readInputRegisters(1, 0, 2));
        assertEquals(4, e.getType());
    }

    @Test
    void faultTimeoutGivesNoReply() throws Exception {
        slave.faults().set(Fault.timeout());
        assertThrows(ModbusIOException.class, () -> master.readInputRegisters(1, 0, 2));
        assertTrue(slave.faults().faults(Fault.Kind.TIMEOUT) >= 1);
        assertEquals(0, slave.faults().served());
    }

    @Test
    void faultDropClosesTheConnection() throws Exception {
        slave.faults().set(Fault.drop());
        assertThrows(ModbusException.class, () -> master.readInputRegisters(1, 0, 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> slave.connections() == 0);
        slave.faults().set(Fault.NONE);
        master.disconnect();
        master = connect(500);
        master.readInputRegisters(1, 0, 2);
    }

    @Test
    void faultGarbleIsRejected() throws Exception {
        bank.set("level", 1.0);
        slave.faults().set(Fault.garble());
        assertThrows(ModbusException.class, () -> master.readInputRegisters(1, 2, 1));
        assertTrue(slave.faults().faults(Fault.Kind.GARBLE) >= 1);
    }

    @Test
    void faultProbabilityHitsSome() {
        FaultInjector f = new FaultInjector();
        f.set(Fault.parse("garble 0.3"));
        int hits = 0;
        for (int i = 0; i < 2000; i++) {
            if (f.next().kind() == Fault.Kind.GARBLE) {
                hits++;
            }
        }
        assertTrue(hits > 450 && hits < 750, "hits " + hits);
    }

    @Test
    void servesSeveralConnectionsAtOnce() throws Exception {
        ModbusTCPMaster second = connect(500);
        try {
            bank.set("level", 5.5);
            await().atMost(Duration.ofSeconds(5)).until(() -> slave.connections() == 2);
            assertEquals(550, raw(second.readInputRegisters(1, 2, 1))[0]);
            assertEquals(550, raw(master.readInputRegisters(1, 2, 1))[0]);
        } finally {
            second.disconnect();
        }
    }
}
