package org.hanedge.simulators.gpio;

import org.hanedge.simulators.serial.Route;

/**
 * Waste truck: the bin-lift limit switch is active for {@link #HOLD_S} simulated seconds at every bin lift of the
 * route ({@link Route#liftTimes()}), so the lifts line up with the weighing indicator's load steps. Scenario time 0
 * is route time {@code routeStartS}.
 */
public final class WasteTruckLifts implements GpioScenario {
    public static final double HOLD_S = 4;

    private final Route route;
    private final double routeStartS;
    private final HeldPresses lifts;

    public WasteTruckLifts(String channel, Route route, double routeStartS, double holdS) {
        this.route = route;
        this.routeStartS = routeStartS;
        this.lifts = new HeldPresses(channel, holdS);
        for (double lt : route.liftTimes()) {
            if (lt >= routeStartS) {
                lifts.schedule(lt - routeStartS);
            }
        }
    }

    @Override
    public void advance(double fromS, double toS, GpioSimServer server) {
        lifts.advance(fromS, toS, server);
    }

    /** Lifts signalled so far. */
    public long lifts() {
        return lifts.presses();
    }

    @Override
    public String describe() {
        return "bin lift at each of the route's " + route.liftTimes().size() + " lifts (route " + route.name() + ")";
    }
}
