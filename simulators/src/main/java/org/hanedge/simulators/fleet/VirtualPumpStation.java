package org.hanedge.simulators.fleet;

import java.time.ZonedDateTime;
import java.util.Set;

import org.hanedge.simulators.gpio.PumpStationRain;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.simulators.signals.PumpStationModel;
import org.hanedge.simulators.signals.SignalModel;

/**
 * A virtual pump station's weather and gateway side around its {@link PumpStationModel} (driven with the rest of the
 * profile by {@code signals}):
 * <ul>
 * <li>the rain of {@link PumpStationRain} (a storm peaking at {@link PumpStationRain#STORM_PEAK} mm/h after
 * {@link PumpStationRain#STORM_PEAK_S} s, or drizzle) runs off this site's catchment, {@code runoffFactor} times the
 * real simulator's, into the wet well, so every station's level goes above the high limit in a storm whatever the
 * time of day (up to the top of the well, {@link PumpStationModel#WELL_TOP}: beyond it the water floods the street);</li>
 * <li>the high-level float follows the level (on at the high limit, off 5 cm below);</li>
 * <li>as the profile's local rule does on a real gateway, pump 3's remote run relay closes after the level has been
 * above the high limit for 10 s and opens after 30 s below 1.5 m.</li>
 * </ul>
 */
final class VirtualPumpStation implements SignalModel {
    static final int STANDBY_PUMP = 2;
    static final double STANDBY_ON_AFTER_S = 10;
    static final double STANDBY_OFF_LEVEL = 1.5;
    static final double STANDBY_OFF_AFTER_S = 30;
    static final double FLOAT_HYSTERESIS = 0.05;

    private final SignalModel signals;
    private final PumpStationModel model;
    private final PumpStationRain rain;
    private final SiteTime time;
    private final double runoffFactor;
    private final double highLimit;
    private double rate;
    private boolean floatOn;
    private boolean standby;
    private double above;
    private double below;

    VirtualPumpStation(SignalModel signals, PumpStationModel model, SiteTime time, double runoffFactor,
            double highLimit) {
        this.signals = signals;
        this.model = model;
        this.time = time;
        this.rain = new PumpStationRain(time.storm(), null, 0.2, 0.1, null, highLimit, null);
        this.runoffFactor = runoffFactor;
        this.highLimit = highLimit;
    }

    @Override
    public void step(ZonedDateTime t, double dt, RegisterBank bank) {
        rate = rain.rate(time.seconds(t));
        model.setExtraInflow(rate / 1000 * PumpStationRain.EFFECTIVE_CATCHMENT_M2 * runoffFactor);
        signals.step(t, dt, bank);
        double level = model.level();
        if (level >= highLimit) {
            floatOn = true;
        } else if (level < highLimit - FLOAT_HYSTERESIS) {
            floatOn = false;
        }
        above = level > highLimit ? above + dt : 0;
        below = level < STANDBY_OFF_LEVEL ? below + dt : 0;
        if (!standby && above >= STANDBY_ON_AFTER_S || standby && below >= STANDBY_OFF_AFTER_S) {
            standby = !standby;
            model.remoteRun(STANDBY_PUMP, standby);
        }
    }

    @Override
    public Set<String> channels() {
        return signals.channels();
    }

    /** Rain intensity at the latest step, mm/h. */
    double rainRate() {
        return rate;
    }

    boolean floatActive() {
        return floatOn;
    }

    /** Whether the remote run relay of pump {@code pump} (0..2) is closed. */
    boolean relay(int pump) {
        return pump == STANDBY_PUMP && standby;
    }
}
