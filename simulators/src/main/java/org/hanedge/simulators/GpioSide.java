package org.hanedge.simulators;

import java.io.IOException;
import java.net.BindException;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.simulators.gpio.GpioScenario;
import org.hanedge.simulators.gpio.GpioScenarioDriver;
import org.hanedge.simulators.gpio.GpioSimServer;
import org.hanedge.simulators.gpio.SosButton;
import org.hanedge.simulators.signals.SimClock;

/** Starts the GPIO side of a simulator: the {@link GpioSimServer} and the driver of its scenario. */
final class GpioSide {

    private final Rig rig;
    private final DeviceProfile profile;
    private final String kind;
    private final String bind;

    GpioSide(Rig rig, DeviceProfile profile, String kind, String bind) {
        this.rig = rig;
        this.profile = profile;
        this.kind = kind;
        this.bind = bind;
    }

    /**
     * Starts the GPIO server on {@code bind:port}; if the port is taken and was not given explicitly
     * ({@code portGiven} false), on any free port instead.
     */
    GpioSimServer startServer(int port, boolean portGiven) throws IOException {
        GpioSimServer io;
        try {
            io = new GpioSimServer(profile).start(bind, port);
        } catch (BindException e) {
            if (portGiven) {
                throw new IOException("GPIO port " + bind + ":" + port + ": " + e.getMessage(), e);
            }
            rig.warn("simulate: GPIO default port " + port + " is taken; using a free port");
            io = new GpioSimServer(profile).start(bind, 0);
        }
        rig.closeFirst(io);
        return io;
    }

    /**
     * Prints where {@code io} listens, drives scenario {@code sc} (may be null) on it and records the site-config
     * entry.
     *
     * @return the scenario if it is an SOS button, else null
     */
    SosButton drive(GpioSimServer io, GpioScenario sc, SimClock clock) {
        rig.print(kind + " simulator: GPIO on " + bind + ":" + io.port() + " (" + pins(io) + ")"
                + (sc != null ? "; scenario: " + sc.describe() : ""));
        SosButton sos = null;
        if (sc != null) {
            rig.closeFirst(new GpioScenarioDriver(sc, io, clock).start());
            if (sc instanceof SosButton b) {
                sos = b;
            }
        }
        rig.device("gpio: { provider: sim, simAddress: " + bind + ":" + io.port() + " }");
        return sos;
    }

    /** The pins of {@code io}, e.g. "bin_lift BCM 22 input activeLow, ...". */
    static String pins(GpioSimServer io) {
        StringBuilder pins = new StringBuilder();
        for (GpioSimServer.Pin p : io.pins()) {
            pins.append(pins.length() == 0 ? "" : ", ").append(p.channel()).append(" BCM ").append(p.pin())
                    .append(' ').append(p.mode().name().toLowerCase()).append(p.activeLow() ? " activeLow" : "");
        }
        return pins.toString();
    }
}
