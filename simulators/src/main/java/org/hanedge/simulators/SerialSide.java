package org.hanedge.simulators;

import java.io.IOException;
import java.nio.file.Path;

import org.hanedge.simulators.serial.LineStreamer;

/** Starts the serial side of a simulator: line streamers (GPS, weighing indicator) on serial paths or pty pairs. */
final class SerialSide {

    private final Rig rig;
    private final String kind;

    SerialSide(Rig rig, String kind) {
        this.rig = rig;
        this.kind = kind;
    }

    /**
     * Starts {@code streamer} on {@code path}, or, if {@code pty} is given, on the simulator side of a new pty pair.
     *
     * @param protocol the site-config serial protocol (nmea, ascii)
     * @param what     what is printed, e.g. "weighing indicator (continuous ST,GS lines)"
     */
    void start(LineStreamer streamer, String path, Path pty, int baud, String protocol, String what)
            throws IOException {
        String simSide = path;
        String gatewaySide = null;
        if (pty != null) {
            PtyPair pair = PtyPair.open(pty);
            rig.closeLast(pair);
            simSide = pair.b().toString();
            gatewaySide = pair.a().toString();
        }
        streamer.start(simSide, baud);
        rig.closeFirst(streamer);
        rig.print(kind + " simulator: " + what + " on " + simSide + " " + baud + " 8N1"
                + (gatewaySide != null ? "; gateway side: " + gatewaySide : ""));
        rig.device("serial: { port: " + (gatewaySide != null ? gatewaySide : simSide) + ", baud: " + baud
                + ", protocol: " + protocol + " }");
    }
}
