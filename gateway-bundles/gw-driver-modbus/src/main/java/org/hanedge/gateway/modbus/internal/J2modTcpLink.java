package org.hanedge.gateway.modbus.internal;

import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;

/** Modbus TCP to one host:port; every unit id behind it (a gateway, or several slaves in one server) shares it. */
final class J2modTcpLink extends J2modLink {
    private final String host;
    private final int port;

    J2modTcpLink(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    protected AbstractModbusMaster createMaster(int timeoutMs) {
        // keep the connection open between requests (reconnect=false); plain Modbus TCP framing
        return new ModbusTCPMaster(host, port, timeoutMs, false, false);
    }

    @Override
    public String describe() {
        return "tcp " + host + ":" + port;
    }
}
