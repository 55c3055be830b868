package org.hanedge.gateway.rules.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmKind;
import org.hanedge.gateway.api.profile.ChannelSpec;

/**
 * The alarms of every channel of every device: one {@link AlarmEvaluator} per channel that has limits, following
 * the profiles as the {@link ChannelLookup} finds them at the time. Keeps the set of active alarm ids and hands it
 * to {@code persist} after every change, so that after a restart an alarm still active is not raised again (and one
 * whose condition went away meanwhile is cleared by the first sample). Not thread-safe: the owner serialises calls.
 */
final class AlarmBook {
    private final ChannelLookup lookup;
    private final Consumer<Set<String>> persist;
    private final Map<String, AlarmEvaluator> evaluators = new HashMap<>();
    /** Active alarm ids restored at start whose channel has not reported yet. */
    private final Set<String> restored;
    /** Active alarms: id → the transition that raised it (null when restored from a previous run). */
    private final Map<String, AlarmTransition> active = new TreeMap<>();

    AlarmBook(ChannelLookup lookup, Set<String> restoredActive, Consumer<Set<String>> persist) {
        this.lookup = lookup;
        this.persist = persist;
        this.restored = new HashSet<>(restoredActive);
        restoredActive.forEach(id -> active.put(id, null));
    }

    /** Raises and clears caused by these readings, in order. */
    List<AlarmTransition> onReadings(List<Reading> batch) {
        List<AlarmTransition> out = new ArrayList<>(0);
        for (Reading r : batch) {
            Optional<ChannelSpec> spec = lookup.channel(r.deviceId(), r.channel());
            if (spec.isEmpty()) {
                continue;
            }
            String key = r.deviceId() + '/' + r.channel();
            AlarmEvaluator e = evaluators.get(key);
            if (e == null) {
                if (AlarmEvaluator.limitsOf(spec.get()).isEmpty() && !hasRestored(key)) {
                    continue;
                }
                e = create(r.deviceId(), spec.get(), r.time(), out);
                evaluators.put(key, e);
            } else if (!spec.get().equals(e.spec())) {
                out.addAll(e.reconfigure(spec.get(), r.time()));
            }
            out.addAll(e.onSample(r));
        }
        return record(out);
    }

    /** Delays that ran out by {@code now}; evaluators of channels that left the profiles are dropped. */
    List<AlarmTransition> tick(Instant now) {
        List<AlarmTransition> out = new ArrayList<>(0);
        for (Iterator<Map.Entry<String, AlarmEvaluator>> it = evaluators.entrySet().iterator(); it.hasNext();) {
            AlarmEvaluator e = it.next().getValue();
            Optional<ChannelSpec> spec = lookup.channel(e.deviceId(), e.spec().name());
            if (spec.isEmpty()) {
                it.remove();
                continue;
            }
            if (!spec.get().equals(e.spec())) {
                out.addAll(e.reconfigure(spec.get(), now));
            }
            out.addAll(e.tick(now));
        }
        return record(out);
    }

    /** Active alarms by id; the value is null for an alarm restored from a previous run and not seen since. */
    Map<String, AlarmTransition> active() {
        return new TreeMap<>(active);
    }

    private boolean hasRestored(String channelKey) {
        return restored.stream().anyMatch(id -> id.startsWith(channelKey + "/"));
    }

    private AlarmEvaluator create(String deviceId, ChannelSpec spec, Instant now, List<AlarmTransition> out) {
        Set<AlarmKind> was = EnumSet.noneOf(AlarmKind.class);
        for (AlarmKind k : AlarmKind.values()) {
            if (restored.remove(AlarmTransition.id(deviceId, spec.name(), k))) {
                was.add(k);
            }
        }
        AlarmEvaluator e = new AlarmEvaluator(deviceId, spec, was);
        Set<AlarmKind> configured = AlarmEvaluator.configured(AlarmEvaluator.limitsOf(spec));
        for (AlarmKind k : was) {
            if (!configured.contains(k)) {
                out.add(e.removed(k, AlarmEvaluator.limitsOf(spec), now));
            }
        }
        return e;
    }

    private List<AlarmTransition> record(List<AlarmTransition> out) {
        if (out.isEmpty()) {
            return out;
        }
        for (AlarmTransition t : out) {
            if (t.raised()) {
                active.put(t.id(), t);
            } else {
                active.remove(t.id());
            }
        }
        persist.accept(Set.copyOf(active.keySet()));
        return out;
    }
}
