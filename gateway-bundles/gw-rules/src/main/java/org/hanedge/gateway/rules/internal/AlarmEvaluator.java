package org.hanedge.gateway.rules.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmKind;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;

/**
 * The alarms of ONE channel of one device, from the channel's {@link AlarmLimits}. Not thread-safe; no clock of its
 * own (samples carry their time, {@link #tick(Instant)} is given one).
 *
 * <ul>
 *   <li>LOW_LOW / LOW: raised at or below the limit, cleared above {@code limit + hysteresis}; HIGH / HIGH_HIGH:
 *       raised at or above the limit, cleared below {@code limit - hysteresis}; {@code delayOn}/{@code delayOff}
 *       as in {@link AlarmLatch}. Each kind is its own alarm (HIGH and HIGH_HIGH can both be active).</li>
 *   <li>RATE_OF_CHANGE: {@code |Δvalue| / Δt} per minute between consecutive samples with a value, raised above
 *       the limit, cleared at or below it (with the delays); value and limit of its events are rates per minute.</li>
 *   <li>STUCK: the value exactly unchanged for {@code stuckAfter} (no further delay); cleared by the first
 *       different value; {@code since} is when the value last changed.</li>
 *   <li>STATE: a boolean channel equal to {@code state} (with the delays).</li>
 * </ul>
 *
 * Only samples with a value (GOOD, UNCERTAIN) count; a sample without one (BAD_*, or NaN) neither raises nor clears
 * anything, but it interrupts pending delays: a condition must be seen to hold continuously.
 */
final class AlarmEvaluator {
    private final String deviceId;
    private ChannelSpec spec;
    private AlarmLimits limits;
    private final Map<AlarmKind, AlarmLatch> latches = new EnumMap<>(AlarmKind.class);
    private final Map<AlarmKind, Object> lastValue = new EnumMap<>(AlarmKind.class);
    private Double lastNumber;
    private Instant lastNumberTime;
    private Object stuckValue;
    private Instant stuckSince;

    /** @param active kinds that were active before (restored after a restart) and are still configured */
    AlarmEvaluator(String deviceId, ChannelSpec spec, Set<AlarmKind> active) {
        this.deviceId = deviceId;
        this.spec = spec;
        this.limits = limitsOf(spec);
        for (AlarmKind k : configured(limits)) {
            latches.put(k, new AlarmLatch(active.contains(k)));
        }
    }

    /** The kinds an {@link AlarmLimits} configures. */
    static Set<AlarmKind> configured(AlarmLimits l) {
        Set<AlarmKind> kinds = EnumSet.noneOf(AlarmKind.class);
        if (l.lowLow() != null) {
            kinds.add(AlarmKind.LOW_LOW);
        }
        if (l.low() != null) {
            kinds.add(AlarmKind.LOW);
        }
        if (l.high() != null) {
            kinds.add(AlarmKind.HIGH);
        }
        if (l.highHigh() != null) {
            kinds.add(AlarmKind.HIGH_HIGH);
        }
        if (l.rateOfChange() != null) {
            kinds.add(AlarmKind.RATE_OF_CHANGE);
        }
        if (l.stuckAfter() != null) {
            kinds.add(AlarmKind.STUCK);
        }
        if (l.state() != null) {
            kinds.add(AlarmKind.STATE);
        }
        return kinds;
    }

    static AlarmLimits limitsOf(ChannelSpec spec) {
        return spec.alarms() == null ? AlarmLimits.NONE : spec.alarms();
    }

    String deviceId() {
        return deviceId;
    }

    ChannelSpec spec() {
        return spec;
    }

    /** Active kinds. */
    Set<AlarmKind> active() {
        Set<AlarmKind> kinds = EnumSet.noneOf(AlarmKind.class);
        latches.forEach((k, l) -> {
            if (l.active()) {
                kinds.add(k);
            }
        });
        return kinds;
    }

    /**
     * New limits (profile reloaded): kinds still configured keep their state; an active alarm whose limit is gone
     * is cleared at {@code now}.
     */
    List<AlarmTransition> reconfigure(ChannelSpec next, Instant now) {
        AlarmLimits old = limits;
        spec = next;
        limits = limitsOf(next);
        Set<AlarmKind> kinds = configured(limits);
        List<AlarmTransition> out = new ArrayList<>();
        for (AlarmKind k : List.copyOf(latches.keySet())) {
            if (!kinds.contains(k)) {
                if (latches.get(k).active()) {
                    out.add(removed(k, old, now));
                }
                latches.remove(k);
            }
        }
        for (AlarmKind k : kinds) {
            latches.computeIfAbsent(k, x -> new AlarmLatch(false));
        }
        return out;
    }

    /** A clear for an alarm whose limit no longer exists in the profile. */
    AlarmTransition removed(AlarmKind k, AlarmLimits old, Instant now) {
        return transition(k, new AlarmLatch.Change(false, now, now), null, null, old,
                spec.name() + ": " + label(k) + " alarm no longer in the profile");
    }

    List<AlarmTransition> onSample(Reading r) {
        if (latches.isEmpty()) {
            return List.of();
        }
        Object v = r.value();
        if (!r.quality().hasValue() || (v instanceof Double d && !Double.isFinite(d))) {
            latches.values().forEach(AlarmLatch::interrupt);
            return List.of();
        }
        List<AlarmTransition> out = new ArrayList<>(2);
        Instant t = r.time();
        if (v instanceof Double d) {
            level(AlarmKind.LOW_LOW, limits.lowLow(), d, t, out);
            level(AlarmKind.LOW, limits.low(), d, t, out);
            level(AlarmKind.HIGH, limits.high(), d, t, out);
            level(AlarmKind.HIGH_HIGH, limits.highHigh(), d, t, out);
            rate(d, t, out);
        }
        if (v instanceof Boolean b && limits.state() != null) {
            observe(AlarmKind.STATE, b, b.equals(limits.state()), !b.equals(limits.state()), t, out);
        }
        stuck(v, t, out);
        return out;
    }

    /** Transitions whose delay ran out by {@code now} without a new sample. */
    List<AlarmTransition> tick(Instant now) {
        List<AlarmTransition> out = new ArrayList<>(0);
        latches.forEach((k, latch) -> {
            if (k != AlarmKind.STUCK) {
                AlarmLatch.Change c = latch.tick(now, limits.delayOn(), limits.delayOff());
                if (c != null) {
                    out.add(transition(k, c, lastValue.get(k)));
                }
            }
        });
        return out;
    }

    private void level(AlarmKind k, Double limit, double v, Instant t, List<AlarmTransition> out) {
        if (limit == null) {
            return;
        }
        double h = limits.hysteresis();
        boolean high = k == AlarmKind.HIGH || k == AlarmKind.HIGH_HIGH;
        boolean raise = high ? v >= limit : v <= limit;
        boolean clear = high ? v < limit - h : v > limit + h;
        observe(k, v, raise, clear, t, out);
    }

    private void rate(double v, Instant t, List<AlarmTransition> out) {
        Double limit = limits.rateOfChange();
        if (limit != null && lastNumber != null && t.isAfter(lastNumberTime)) {
            double minutes = Duration.between(lastNumberTime, t).toNanos() / 60e9;
            double rate = Math.abs(v - lastNumber) / minutes;
            observe(AlarmKind.RATE_OF_CHANGE, rate, rate > limit, rate <= limit, t, out);
        }
        if (lastNumber == null || !t.isBefore(lastNumberTime)) {
            lastNumber = v;
            lastNumberTime = t;
        }
    }

    private void stuck(Object v, Instant t, List<AlarmTransition> out) {
        AlarmLatch latch = latches.get(AlarmKind.STUCK);
        if (latch == null) {
            return;
        }
        boolean changed = stuckValue == null || !Objects.equals(v, stuckValue);
        if (changed) {
            stuckValue = v;
            stuckSince = t;
        }
        boolean stuck = !changed && !Duration.between(stuckSince, t).minus(limits.stuckAfter()).isNegative();
        lastValue.put(AlarmKind.STUCK, v);
        AlarmLatch.Change c = latch.observe(stuck, changed, t, Duration.ZERO, Duration.ZERO);
        if (c != null) {
            out.add(transition(AlarmKind.STUCK, c.raised() ? new AlarmLatch.Change(true, stuckSince, t) : c, v));
        }
    }

    private void observe(AlarmKind k, Object v, boolean raise, boolean clear, Instant t, List<AlarmTransition> out) {
        lastValue.put(k, v);
        AlarmLatch.Change c = latches.get(k).observe(raise, clear, t, limits.delayOn(), limits.delayOff());
        if (c != null) {
            out.add(transition(k, c, v));
        }
    }

    private AlarmTransition transition(AlarmKind k, AlarmLatch.Change c, Object v) {
        return transition(k, c, v, limitOf(k, limits), limits, message(k, c.raised(), v));
    }

    private AlarmTransition transition(AlarmKind k, AlarmLatch.Change c, Object v, Double limit, AlarmLimits l,
            String message) {
        return new AlarmTransition(AlarmTransition.id(deviceId, spec.name(), k), deviceId, spec.name(), k,
                c.raised(), l.severityOf(k), v, limit, c.at(), c.since(), message);
    }

    static Double limitOf(AlarmKind k, AlarmLimits l) {
        return switch (k) {
            case LOW_LOW -> l.lowLow();
            case LOW -> l.low();
            case HIGH -> l.high();
            case HIGH_HIGH -> l.highHigh();
            case RATE_OF_CHANGE -> l.rateOfChange();
            case STUCK, STATE -> null;
        };
    }

    private String message(AlarmKind k, boolean raised, Object v) {
        String name = spec.name();
        Double limit = limitOf(k, limits);
        return switch (k) {
            case HIGH, HIGH_HIGH -> raised
                    ? name + " " + amount(v) + " >= " + label(k) + " " + amount(limit)
                    : name + " " + amount(v) + " back below " + label(k) + " " + amount(limit)
                            + hysteresis();
            case LOW, LOW_LOW -> raised
                    ? name + " " + amount(v) + " <= " + label(k) + " " + amount(limit)
                    : name + " " + amount(v) + " back above " + label(k) + " " + amount(limit)
                            + hysteresis();
            case RATE_OF_CHANGE -> name + " changing at " + amount(v) + "/min " + (raised ? "> " : "<= ")
                    + "rate-of-change limit " + amount(limit) + "/min";
            case STUCK -> raised
                    ? name + " unchanged at " + text(v) + " for " + limits.stuckAfter().toString().substring(2)
                            .toLowerCase(Locale.ROOT) + " or more (stuck value)"
                    : name + " changed to " + text(v) + " (no longer stuck)";
            case STATE -> name + " is " + v + (raised ? " (alarm state)" : " (normal)");
        };
    }

    private String hysteresis() {
        return limits.hysteresis() > 0 ? " (hysteresis " + amount(limits.hysteresis()) + ")" : "";
    }

    private String amount(Object v) {
        String unit = spec.unit() == null ? "" : " " + spec.unit();
        return text(v) + unit;
    }

    private static String text(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(v);
    }

    static String label(AlarmKind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
