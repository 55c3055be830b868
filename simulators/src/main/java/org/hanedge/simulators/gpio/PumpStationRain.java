package org.hanedge.simulators.gpio;

import org.hanedge.simulators.signals.PumpStationModel;

/**
 * Pump station: the tipping-bucket rain gauge pulses ({@code perPulse} mm per tip) at a rate following
 * {@link #rate(double)}: in a storm it rises to {@link #STORM_PEAK} mm/h at {@link #STORM_PEAK_S} and eases over the
 * following hours, otherwise a drizzle of {@link #DRIZZLE} mm/h. The rain's run-off also flows into the wet well of the
 * {@link PumpStationModel} (if given); the high-level float switch is active while the model's wet-well level is at or
 * above the high limit (released 5 cm below it).
 */
public final class PumpStationRain implements GpioScenario {
    public static final double STORM_PEAK = 60;
    public static final double STORM_PEAK_S = 2700;
    public static final double DRIZZLE = 0.6;
    /** Catchment area draining into the wet well (m2) times its run-off coefficient. */
    public static final double EFFECTIVE_CATCHMENT_M2 = 36000 * 0.6;
    static final double MAX_STEP_S = 1;

    private final boolean storm;
    private final double perPulse;
    private final HeldPresses gauge;
    private final String floatChannel;
    private final double highLimit;
    private final PumpStationModel model;
    private double acc;
    private volatile double lastRate;

    /**
     * @param rainChannel  counter channel of the gauge (or null)
     * @param floatChannel high-level float input (or null)
     * @param model        the station model (or null: no float, no run-off)
     */
    public PumpStationRain(boolean storm, String rainChannel, double perPulse, double pulseHoldS, String floatChannel,
            double highLimit, PumpStationModel model) {
        this.storm = storm;
        this.perPulse = perPulse > 0 ? perPulse : 0.2;
        this.gauge = rainChannel != null ? new HeldPresses(rainChannel, pulseHoldS) : null;
        this.floatChannel = floatChannel;
        this.highLimit = highLimit;
        this.model = model;
    }

    /** Rain intensity (mm/h) at {@code t} simulated seconds after the start. */
    public double rate(double t) {
        if (!storm) {
            return DRIZZLE;
        }
        double x = Math.max(0, t) / STORM_PEAK_S;
        return Math.max(DRIZZLE, STORM_PEAK * x * Math.exp(1 - x));
    }

    /** The rate at the latest step, mm/h. */
    public double currentRate() {
        return lastRate;
    }

    /** Gauge pulses so far. */
    public long pulses() {
        return gauge == null ? 0 : gauge.presses();
    }

    @Override
    public void advance(double fromS, double toS, GpioSimServer server) {
        int n = (int) Math.ceil((toS - fromS) / MAX_STEP_S);
        double dt = (toS - fromS) / Math.max(1, n);
        for (int i = 1; i <= n; i++) {
            double t = fromS + i * dt;
            double r = rate(t);
            acc += r / 3600 / perPulse * dt;
            while (acc >= 1 && gauge != null) {
                acc -= 1;
                gauge.schedule(t);
            }
            lastRate = r;
        }
        if (gauge != null) {
            gauge.advance(fromS, toS, server);
        }
        if (model != null) {
            model.setExtraInflow(lastRate / 1000 * EFFECTIVE_CATCHMENT_M2);
            if (floatChannel != null) {
                double level = model.level();
                if (level >= highLimit) {
                    server.set(floatChannel, true);
                } else if (level < highLimit - 0.05) {
                    server.set(floatChannel, false);
                }
            }
        }
    }

    @Override
    public String describe() {
        return (storm ? "storm: rain rising to " + STORM_PEAK + " mm/h at +" + Math.round(STORM_PEAK_S / 60)
                + " min, then easing" : "drizzle " + DRIZZLE + " mm/h")
                + " (" + perPulse + " mm per tip); high-level float follows the wet well (high " + highLimit + " m)";
    }
}
