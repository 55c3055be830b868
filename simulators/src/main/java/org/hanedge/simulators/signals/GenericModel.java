package org.hanedge.simulators.signals;

import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.simulators.modbus.RegisterBank;

/**
 * Fallback for any channel no kind model drives, so any profile can be simulated: a number moves smoothly (one-hour
 * sine, phase from the channel name) inside its normal band (between its low and high alarm limits, or around a
 * limit if only one side is given, or 10-50 without limits); a boolean with an alarm state stays at its normal
 * value, any other boolean toggles every 10 minutes of simulated time.
 */
public final class GenericModel implements SignalModel {
    private final Set<String> channels = new LinkedHashSet<>();
    private final RegisterBank bank;
    private double t;

    public GenericModel(RegisterBank bank, Set<String> exclude) {
        this.bank = bank;
        for (ChannelSpec c : bank.channels()) {
            if (!exclude.contains(c.name())) {
                channels.add(c.name());
            }
        }
    }

    @Override
    public Set<String> channels() {
        return channels;
    }

    /** The band {lo, hi} a generic number stays in. */
    static double[] band(ChannelSpec c) {
        AlarmLimits a = c.alarms() == null ? AlarmLimits.NONE : c.alarms();
        Double lo = a.low() != null ? a.low() : a.lowLow();
        Double hi = a.high() != null ? a.high() : a.highHigh();
        double l;
        double h;
        if (lo != null && hi != null) {
            double m = (hi - lo) * 0.15;
            l = lo + m;
            h = hi - m;
        } else if (hi != null) {
            l = hi > 0 ? hi * 0.3 : hi - 30;
            h = hi > 0 ? hi * 0.7 : hi - 10;
        } else if (lo != null) {
            l = lo > 0 ? lo * 1.3 : lo + 10;
            h = lo > 0 ? lo * 2.0 : lo + 30;
        } else {
            l = 10;
            h = 50;
        }
        ModbusSource s = (ModbusSource) c.source();
        if (s.type() == DataType.UINT16 || s.type() == DataType.UINT32) {
            l = Math.max(l, s.offset());
            h = Math.max(h, l);
        }
        return new double[] {l, h};
    }

    @Override
    public void step(ZonedDateTime time, double dt, RegisterBank bank) {
        t += dt;
        for (String name : channels) {
            ChannelSpec c = bank.channel(name).orElseThrow();
            double phase = (name.hashCode() & 0xFFFF) / 65536.0;
            if (c.kind() == ValueKind.BOOLEAN || ((ModbusSource) c.source()).type() == DataType.BOOL) {
                Boolean alarm = c.alarms() == null ? null : c.alarms().state();
                boolean v = alarm != null ? !alarm : ((long) (t / 600 + phase * 2)) % 2 == 1;
                bank.update(name, v);
            } else {
                double[] b = band(c);
                double mid = (b[0] + b[1]) / 2;
                double amp = (b[1] - b[0]) / 2;
                bank.update(name, mid + amp * Math.sin(2 * Math.PI * (t / 3600 + phase)));
            }
        }
    }
}
