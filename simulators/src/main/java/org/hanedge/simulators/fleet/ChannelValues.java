package org.hanedge.simulators.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;

/**
 * Plausible values for the number and boolean channels of a profile (text channels are skipped): numbers around the
 * middle of their alarm band with some noise, booleans at their normal state with the odd flip. The channels are
 * taken in turn, so every channel gets readings, except that a channel whose profile bounds its silence
 * ({@link ChannelSpec#maxSilence()}, e.g. a windowed pump current: 20 s) goes first once half of that has passed, as a
 * real gateway's heartbeat would send it. The virtual fleet's fallback for channels no simulator model
 * drives (see {@link SiteValues}), and the order in which a gateway's channels are reported. Not thread-safe: one
 * instance per virtual gateway, used under its lock.
 */
final class ChannelValues implements ValueSource {
    /**
     * One channel: name, unit (or null), either a number band or a boolean's normal state, and the longest silence its
     * profile allows (0: no bound).
     */
    record Channel(String name, String unit, boolean bool, double center, double spread, boolean normal,
            long maxSilenceMillis) {
    }

    static final double BOOLEAN_FLIP = 0.02;

    private final List<Channel> channels;
    private final SplittableRandom random;
    private final long[] lastSent;
    private int next;
    private long now;
    private boolean started;

    ChannelValues(List<Channel> channels, long seed) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("no number or boolean channels");
        }
        this.channels = List.copyOf(channels);
        this.random = new SplittableRandom(seed);
        this.next = random.nextInt(channels.size());
        this.lastSent = new long[channels.size()];
    }

    /** The number and boolean channels of a profile; throws when it has none. */
    static List<Channel> channelsOf(DeviceProfile profile) throws FleetConfigException {
        List<Channel> out = new ArrayList<>();
        for (ChannelSpec c : profile.channels()) {
            long silence = c.maxSilence().map(Duration::toMillis).orElse(0L);
            if (c.kind() == ValueKind.NUMBER) {
                double[] band = band(c.alarms());
                out.add(new Channel(c.name(), c.unit(), false, band[0], band[1], false, silence));
            } else if (c.kind() == ValueKind.BOOLEAN) {
                Boolean alarmState = c.alarms() == null ? null : c.alarms().state();
                out.add(new Channel(c.name(), c.unit(), true, 0, 0, alarmState != null && !alarmState, silence));
            }
        }
        if (out.isEmpty()) {
            throw new FleetConfigException("profile " + profile.id() + " has no number or boolean channels");
        }
        return out;
    }

    /** Center and spread (one standard deviation) of a number channel. */
    static double[] band(AlarmLimits a) {
        Double lo = a == null ? null : a.low() != null ? a.low() : a.lowLow();
        Double hi = a == null ? null : a.high() != null ? a.high() : a.highHigh();
        if (lo != null && hi != null) {
            return new double[] {(lo + hi) / 2, (hi - lo) / 10};
        }
        if (hi != null) {
            double c = hi > 0 ? hi * 0.75 : hi - 10;
            return new double[] {c, Math.max(0.01, Math.abs(c) * 0.03)};
        }
        if (lo != null) {
            double c = lo > 0 ? lo * 1.2 : lo + 10;
            return new double[] {c, Math.max(0.01, Math.abs(c) * 0.03)};
        }
        return new double[] {20, 1};
    }

    @Override
    public void advance(long recordTimeMillis) {
        now = recordTimeMillis;
        if (!started) { // the first pack starts every channel's clock
            started = true;
            Arrays.fill(lastSent, now);
        }
    }

    /** How many channels are due at the time of the last {@link #advance}: half their allowed silence has passed. */
    @Override
    public int due() {
        int n = 0;
        for (int i = 0; i < channels.size(); i++) {
            n += isDue(i) ? 1 : 0;
        }
        return n;
    }

    private boolean isDue(int i) {
        long limit = channels.get(i).maxSilenceMillis();
        return limit > 0 && now - lastSent[i] >= limit / 2;
    }

    /** The channel of the next record: a due one first, else the next in turn. */
    @Override
    public Channel nextChannel() {
        int pick = -1;
        for (int k = 0; k < channels.size() && pick < 0; k++) {
            int i = (next + k) % channels.size();
            if (isDue(i)) {
                pick = i;
            }
        }
        if (pick < 0) {
            pick = next;
            next = (next + 1) % channels.size();
        }
        lastSent[pick] = now;
        return channels.get(pick);
    }

    /** A value for a number channel, rounded to 3 decimals. */
    @Override
    public double number(Channel c) {
        // sum of three uniforms: roughly normal, bounded at +-3 sigma (so a plausible value never hits an alarm)
        double z = (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5) * 2;
        return Math.round((c.center() + z * c.spread()) * 1000) / 1000.0;
    }

    /** A value for a boolean channel: mostly its normal state. */
    @Override
    public boolean bool(Channel c) {
        return random.nextDouble() < BOOLEAN_FLIP ? !c.normal() : c.normal();
    }

    int size() {
        return channels.size();
    }
}
