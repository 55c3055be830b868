package org.hanedge.gateway.rules.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ControlRule;
import org.hanedge.gateway.api.profile.DeviceProfile;

/**
 * Evaluates the control rules of every profile. A rule watches its channel on every device that runs the profile
 * (the level from the station PLC, the relays on the gateway's GPIO: both {@code profile: pump-station}); when its
 * condition holds and has held for the rule's delay, the rule fires once; it can fire again only after a sample on
 * which the condition was false. A sample without a value (BAD_*) restarts a pending delay, but a rule that fired
 * does not fire again when good samples return with the condition still true. Booleans count as 1/0; text is
 * ignored. Not thread-safe: the owner serialises calls.
 */
final class RuleEngine {
    /** A rule whose condition held long enough: run its actions. */
    record Firing(String profileId, ControlRule rule, String deviceId, Object value, Instant time) {
    }

    private static final class State {
        Instant since;
        boolean fired;
        String deviceId;
        Object value;
    }

    private final Map<String, RuleSet> sets = new HashMap<>();
    private final Map<String, State> states = new HashMap<>();

    /**
     * Checks and takes a profile's rules, replacing its previous ones; a rule that keeps its name and condition
     * keeps its state (a pending delay, or having fired). On a {@link RuleLoadException} nothing changes.
     */
    void load(DeviceProfile p) throws RuleLoadException {
        RuleSet next = RuleSet.compile(p);
        RuleSet previous = sets.put(p.id(), next);
        if (previous != null) {
            for (ControlRule old : previous.rules()) {
                Optional<ControlRule> same = next.rules().stream().filter(r -> r.name().equals(old.name())).findFirst();
                if (same.isEmpty() || !sameCondition(old, same.get())) {
                    states.remove(key(p.id(), old.name()));
                }
            }
        }
    }

    /** Forgets a profile's rules (its service went away). */
    void unload(String profileId) {
        RuleSet gone = sets.remove(profileId);
        if (gone != null) {
            gone.rules().forEach(r -> states.remove(key(profileId, r.name())));
        }
    }

    Optional<RuleSet> rules(String profileId) {
        return Optional.ofNullable(sets.get(profileId));
    }

    /** Firings caused by a batch of readings; {@code profileOf} gives the profile id a device runs (or null). */
    List<Firing> onReadings(Function<String, String> profileOf, List<Reading> batch) {
        List<Firing> out = new ArrayList<>(0);
        if (sets.isEmpty()) {
            return out;
        }
        for (Reading r : batch) {
            String profileId = profileOf.apply(r.deviceId());
            RuleSet set = profileId == null ? null : sets.get(profileId);
            if (set == null) {
                continue;
            }
            for (ControlRule rule : set.rules()) {
                if (rule.channel().equals(r.channel())) {
                    Firing f = observe(profileId, rule, r);
                    if (f != null) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    /** Firings whose delay ran out by {@code now} without a new sample. */
    List<Firing> tick(Instant now) {
        List<Firing> out = new ArrayList<>(0);
        sets.forEach((profileId, set) -> {
            for (ControlRule rule : set.rules()) {
                State s = states.get(key(profileId, rule.name()));
                if (s != null && s.since != null && !s.fired && due(s.since, now, rule.delay())) {
                    s.fired = true;
                    out.add(new Firing(profileId, rule, s.deviceId, s.value, now));
                }
            }
        });
        return out;
    }

    private Firing observe(String profileId, ControlRule rule, Reading r) {
        State s = states.computeIfAbsent(key(profileId, rule.name()), k -> new State());
        Double v = r.value() instanceof Double d ? d
                : r.value() instanceof Boolean b ? (b ? 1.0 : 0.0) : null;
        if (!r.quality().hasValue() || v == null || v.isNaN()) {
            s.since = null;
            return null;
        }
        s.deviceId = r.deviceId();
        s.value = r.value();
        if (!rule.holds(v)) {
            s.since = null;
            s.fired = false;
            return null;
        }
        if (s.since == null) {
            s.since = r.time();
        }
        if (!s.fired && due(s.since, r.time(), rule.delay())) {
            s.fired = true;
            return new Firing(profileId, rule, r.deviceId(), r.value(), r.time());
        }
        return null;
    }

    private static boolean due(Instant since, Instant now, Duration delay) {
        return Duration.between(since, now).compareTo(delay) >= 0;
    }

    private static boolean sameCondition(ControlRule a, ControlRule b) {
        return a.channel().equals(b.channel()) && a.condition() == b.condition()
                && Double.compare(a.threshold(), b.threshold()) == 0 && Objects.equals(a.state(), b.state());
    }

    private static String key(String profileId, String rule) {
        return profileId + '/' + rule;
    }
}
