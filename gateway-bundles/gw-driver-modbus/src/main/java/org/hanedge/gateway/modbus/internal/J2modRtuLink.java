package org.hanedge.gateway.modbus.internal;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/** Modbus RTU on one serial line (through jSerialComm); every device on the line shares it. */
final class J2modRtuLink extends J2modLink {
    private final BusConfig config;

    J2modRtuLink(BusConfig config) {
        this.config = config;
    }

    @Override
    protected AbstractModbusMaster createMaster(int timeoutMs) {
        SerialParameters p = new SerialParameters();
        p.setPortName(config.serialPort());
        p.setBaudRate(config.baud());
        p.setDatabits(config.dataBits());
        p.setParity(config.parity());
        p.setStopbits(String.valueOf(config.stopBits()));
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(false);
        return new ModbusSerialMaster(p, timeoutMs);
    }

    @Override
    public String describe() {
        return config.describe();
    }
}
