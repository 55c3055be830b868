package org.hanedge.gateway.uplink.mqtt.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;

/**
 * The thin form's gather window: telemetry readings taken from the outbox are held (still in flight in the outbox,
 * never acknowledged) until the oldest has waited {@code window}, or until they fill more than one pack; then all of
 * them go out together. Alarms, events and readings of another priority are never held. Held entries are released
 * back to the outbox when the session ends. Used by the uplink thread only.
 */
final class TelemetryGather {
    private final long windowNanos;
    private final Predicate<List<OutboxEntry>> full;
    private final List<OutboxEntry> held = new ArrayList<>();
    private long firstNanos;
    private int nextFullCheck = 1;

    /**
     * @param window how long the oldest held reading may wait
     * @param full   whether held readings already fill more than one pack
     */
    TelemetryGather(Duration window, Predicate<List<OutboxEntry>> full) {
        this.windowNanos = window.toNanos();
        this.full = full;
    }

    static boolean gathered(OutboxEntry e) {
        return e.priority() == Priority.TELEMETRY && e.payload() instanceof Payload.OfReading;
    }

    /** Holds the telemetry readings of {@code taken} and returns the rest (to be sent at once), in order. */
    List<OutboxEntry> hold(List<OutboxEntry> taken, long nowNanos) {
        List<OutboxEntry> now = new ArrayList<>();
        for (OutboxEntry e : taken) {
            if (gathered(e)) {
                if (held.isEmpty()) {
                    firstNanos = nowNanos;
                }
                held.add(e);
            } else {
                now.add(e);
            }
        }
        return now;
    }

    /** Whether the held readings are due: the window has passed for the oldest, or they fill a pack. */
    boolean due(long nowNanos) {
        if (held.isEmpty()) {
            return false;
        }
        if (nowNanos - firstNanos >= windowNanos) {
            return true;
        }
        if (held.size() >= nextFullCheck) {
            // encoding is the only exact measure of a thin pack; check again after a quarter more readings
            nextFullCheck = held.size() + Math.max(1, held.size() / 4);
            return full.test(held);
        }
        return false;
    }

    /** How long until the window ends for the oldest held reading (zero when it has), or null when none is held. */
    Duration untilDue(long nowNanos) {
        if (held.isEmpty()) {
            return null;
        }
        return Duration.ofNanos(Math.max(0, firstNanos + windowNanos - nowNanos));
    }

    /** Hands over every held reading, in take order, and holds none. */
    List<OutboxEntry> drain() {
        List<OutboxEntry> out = new ArrayList<>(held);
        held.clear();
        nextFullCheck = 1;
        return out;
    }

    int size() {
        return held.size();
    }
}
