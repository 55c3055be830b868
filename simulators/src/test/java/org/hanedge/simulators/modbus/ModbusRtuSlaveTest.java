package org.hanedge.simulators.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Arrays;

import com.fazecast.jSerialComm.SerialPort;
import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.SerialParameters;

import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.modbus.RegisterCodec;
import org.hanedge.simulators.PtyPair;
import org.hanedge.simulators.TestProfiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModbusRtuSlaveTest {

    private PtyPair pty;
    private RegisterBank bank;
    private ModbusRtuSlave slave;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(PtyPair.socatAvailable(), PtyPair.SOCAT_MISSING);
        pty = PtyPair.openTemp();
        bank = new RegisterBank(TestProfiles.mixed());
        slave = new ModbusRtuSlave(bank, 1).start(pty.b().toString(), 9600);
    }

    @AfterEach
    void stop() {
        if (slave != null) {
            slave.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private ModbusSerialMaster master() throws Exception {
        SerialParameters p = new SerialParameters();
        p.setPortName(pty.a().toString());
        p.setBaudRate(9600);
        p.setDatabits(8);
        p.setParity("None");
        p.setStopbits(1);
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(false);
        ModbusSerialMaster m = new ModbusSerialMaster(p, 500);
        m.connect();
        m.setRetries(1);
        return m;
    }

    private SerialPort rawPort() {
        SerialPort p = SerialPort.getCommPort(pty.a().toString());
        assertTrue(p.openPort());
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 300, 0);
        return p;
    }

    private static byte[] readFrame(SerialPort p, int expected) {
        byte[] buf = new byte[256];
        int n = 0;
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (n < expected && System.nanoTime() < deadline) {
            int r = p.readBytes(buf, buf.length - n, n);
            if (r > 0) {
                n += r;
            }
        }
        return Arrays.copyOf(buf, n);
    }

    @Test
    void j2modSerialMasterReadsValues() throws Exception {
        bank.set("temp_cdab", -3.75);
        bank.set("counter", 123456);
        bank.set("pump_running", true);
        ModbusSerialMaster m = master();
        try {
            InputRegister[] regs = m.readInputRegisters(1, 0, 12);
            int[] raw = new int[regs.length];
            for (int i = 0; i < regs.length; i++) {
                raw[i] = regs[i].toUnsignedShort();
            }
            ModbusSource temp = (ModbusSource) bank.channel("temp_cdab").orElseThrow().source();
            ModbusSource counter = (ModbusSource) bank.channel("counter").orElseThrow().source();
            assertEquals(-3.75, RegisterCodec.decode(temp, raw, 0), 1e-6);
            assertEquals(123456, RegisterCodec.decode(counter, raw, 10), 0);
            assertTrue(m.readInputDiscretes(1, 3, 1).getBit(0));

            slave.faults().set(Fault.exception(6));
            ModbusSlaveException e = assertThrows(ModbusSlaveException.class, () -> m.readInputRegisters(1, 0, 2));
            assertEquals(6, e.getType());

            slave.faults().set(Fault.garble());
            assertThrows(ModbusException.class, () -> m.readInputRegisters(1, 0, 2));
            assertTrue(slave.faults().faults(Fault.Kind.GARBLE) >= 1);

            slave.faults().set(Fault.timeout());
            assertThrows(ModbusException.class, () -> m.readInputRegisters(1, 0, 2));

            slave.faults().set(Fault.NONE);
            assertEquals(2, m.readInputRegisters(1, 0, 2).length);
        } finally {
            m.disconnect();
        }
    }

    @Test
    void badCrcIsIgnoredAndCounted() {
        SerialPort p = rawPort();
        try {
            byte[] good = Crc16.frame(1, new byte[] {4, 0, 2, 0, 1});
            byte[] bad = good.clone();
            bad[bad.length - 1] ^= 0x55;
            p.writeBytes(bad, bad.length);
            await().atMost(Duration.ofSeconds(3)).until(() -> slave.faults().badCrc() == 1);
            assertEquals(0, p.bytesAvailable());
            assertEquals(0, slave.faults().served());

            bank.set("level", 2.5);
            p.writeBytes(good, good.length);
            byte[] reply = readFrame(p, 7);
            assertArrayEquals(Crc16.frame(1, new byte[] {4, 2, 0, (byte) 250}), reply);
            assertEquals(1, slave.faults().served());
        } finally {
            p.closePort();
        }
    }

    @Test
    void otherUnitIdsAreIgnored() {
        SerialPort p = rawPort();
        try {
            byte[] other = Crc16.frame(9, new byte[] {4, 0, 2, 0, 1});
            p.writeBytes(other, other.length);
            await().atMost(Duration.ofSeconds(3)).until(() -> slave.faults().otherUnit() == 1);
            byte[] mine = Crc16.frame(1, new byte[] {4, 0, 2, 0, 1});
            p.writeBytes(mine, mine.length);
            byte[] reply = readFrame(p, 7);
            assertEquals(1, reply[0]);
            assertEquals(7, reply.length);
        } finally {
            p.closePort();
        }
    }

    @Test
    void lineBaudEmulatesWireTime() {
        slave.lineBaud(9600);
        SerialPort p = rawPort();
        try {
            byte[] req = Crc16.frame(1, new byte[] {4, 0, 0, 0, 10});
            int responseBytes = 5 + 20;
            long expected = new LineTiming(9600).exchangeNanos(req.length, responseBytes);
            long t0 = System.nanoTime();
            p.writeBytes(req, req.length);
            byte[] reply = readFrame(p, responseBytes);
            long took = System.nanoTime() - t0;
            assertEquals(responseBytes, reply.length);
            assertTrue(took >= expected, "exchange took " + took / 1000 + " us, expected >= " + expected / 1000);
            assertTrue(took < expected + 200_000_000L, "exchange took " + took / 1000 + " us");
        } finally {
            p.closePort();
        }
    }
}
