package org.hanedge.gateway.modbus.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/** A real j2mod Modbus TCP slave on a free local port, that can be stopped and started again on the same port. */
final class TestSlave implements AutoCloseable {
    final int port;
    private ModbusSlave slave;

    TestSlave() {
        this.port = freePort();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The standard test image: holding registers 0..9, input registers 0..3, coils 0..3, discrete inputs 0..3.
     * HR0-1 float32 1.25 (ABCD), HR2 int16 285, HR4-5 uint32 4000000000 (CDAB), HR6 0x0004, IR0 2345, coil 0 on,
     * discrete input 1 off.
     */
    static SimpleProcessImage image(int unitId) {
        SimpleProcessImage image = new SimpleProcessImage(unitId);
        int[] hr = {0x3FA0, 0x0000, 285, 0, 0x2800, 0xEE6B, 0x0004, 0, 0, 0};
        for (int v : hr) {
            image.addRegister(new SimpleRegister(v));
        }
        for (int v : new int[] {2345, 0, 0, 0}) {
            image.addInputRegister(new SimpleInputRegister(v));
        }
        for (boolean b : new boolean[] {true, false, true, false}) {
            image.addDigitalOut(new SimpleDigitalOut(b));
            image.addDigitalIn(new SimpleDigitalIn(!b));
        }
        return image;
    }

    synchronized TestSlave start(SimpleProcessImage... images) {
        try {
            slave = ModbusSlaveFactory.createTCPSlave(port, 4);
            for (SimpleProcessImage image : images) {
                slave.addProcessImage(image.getUnitID(), image);
            }
            slave.open();
            return this;
        } catch (ModbusException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized ModbusSlave slave() {
        return slave;
    }

    synchronized void stop() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
