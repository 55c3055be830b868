package org.hanedge.simulators;

import java.io.IOException;
import java.nio.file.Path;

import org.hanedge.simulators.modbus.FaultInjector;
import org.hanedge.simulators.modbus.ModbusRtuSlave;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;

/** Starts the Modbus side of a simulator: a TCP slave and/or an RTU slave (on a serial path or a pty pair). */
final class ModbusSide {

    private final Rig rig;
    private final String head;
    private final RegisterBank bank;
    private final int unitId;
    private final FaultInjector faults;

    /** {@code head} starts each printed line, e.g. "pump-station simulator (profile ..., 7 Modbus channels)". */
    ModbusSide(Rig rig, String head, RegisterBank bank, int unitId, FaultInjector faults) {
        this.rig = rig;
        this.head = head;
        this.bank = bank;
        this.unitId = unitId;
        this.faults = faults;
    }

    /** Serves Modbus TCP on {@code bind:port} (0 = any free port). */
    void startTcp(String bind, int port) throws IOException {
        ModbusTcpSlave tcp = new ModbusTcpSlave(bank, unitId, faults).start(bind, port);
        rig.closeLast(tcp);
        rig.print(head + ": Modbus TCP on " + bind + ":" + tcp.port() + " unit " + unitId);
        rig.device("modbus: { transport: tcp, host: " + bind + ", port: " + tcp.port() + ", unitId: " + unitId + " }");
    }

    /**
     * Serves Modbus RTU on {@code path}, or, if {@code pty} is given, on the simulator side of a new pty pair;
     * does nothing if both are null.
     */
    void startRtu(String path, Path pty, int baud, int lineBaud) throws IOException {
        String rtuPath = path;
        String gatewaySide = null;
        if (pty != null) {
            PtyPair pair = PtyPair.open(pty);
            rig.closeLast(pair);
            rtuPath = pair.b().toString();
            gatewaySide = pair.a().toString();
        }
        if (rtuPath == null) {
            return;
        }
        ModbusRtuSlave slave = new ModbusRtuSlave(bank, unitId, faults).lineBaud(lineBaud).start(rtuPath, baud);
        rig.closeFirst(slave);
        rig.print(head + ": Modbus RTU on " + rtuPath + " " + baud + " 8N1 unit " + unitId
                + (lineBaud > 0 ? " (line emulated at " + lineBaud + " baud)" : "")
                + (gatewaySide != null ? "; gateway side: " + gatewaySide : ""));
        rig.device("modbus: { transport: rtu, serialPort: " + (gatewaySide != null ? gatewaySide : rtuPath)
                + ", baud: " + baud + ", unitId: " + unitId + " }");
    }
}
