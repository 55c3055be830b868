package org.hanedge.simulators.modbus;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault currently switched on for a slave, switchable at run time from any thread, plus counters of what the
 * slave did: requests received, replies served, faults injected per kind, frames with a bad CRC, requests for other
 * unit ids.
 */
public final class FaultInjector {

    private final AtomicReference<Fault> current = new AtomicReference<>(Fault.NONE);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong badCrc = new AtomicLong();
    private final AtomicLong otherUnit = new AtomicLong();
    private final Map<Fault.Kind, AtomicLong> faults = new EnumMap<>(Fault.Kind.class);

    public FaultInjector() {
        for (Fault.Kind k : Fault.Kind.values()) {
            faults.put(k, new AtomicLong());
        }
    }

    public void set(Fault fault) {
        current.set(fault == null ? Fault.NONE : fault);
    }

    public Fault current() {
        return current.get();
    }

    /** Decides the fault for one request (honouring the probability) and counts it; {@link Fault#NONE} if none. */
    public Fault next() {
        Fault f = current.get();
        if (f.kind() == Fault.Kind.NONE) {
            return Fault.NONE;
        }
        if (f.probability() < 1 && ThreadLocalRandom.current().nextDouble() >= f.probability()) {
            return Fault.NONE;
        }
        faults.get(f.kind()).incrementAndGet();
        return f;
    }

    void countRequest() {
        requests.incrementAndGet();
    }

    void countServed() {
        served.incrementAndGet();
    }

    void countBadCrc() {
        badCrc.incrementAndGet();
    }

    void countOtherUnit() {
        otherUnit.incrementAndGet();
    }

    /** Well-formed requests addressed to this slave. */
    public long requests() {
        return requests.get();
    }

    /** Replies sent (normal, exception responses and garbled ones). */
    public long served() {
        return served.get();
    }

    /** Faults injected of one kind. */
    public long faults(Fault.Kind kind) {
        return faults.get(kind).get();
    }

    /** Faults injected of every kind. */
    public long faults() {
        return faults.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** RTU frames discarded for a bad CRC (or truncated). */
    public long badCrc() {
        return badCrc.get();
    }

    /** Requests for another unit id (RTU: ignored; TCP: answered with exception 11). */
    public long otherUnit() {
        return otherUnit.get();
    }

    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("requests=").append(requests()).append(" served=").append(served())
                .append(" badCrc=").append(badCrc()).append(" otherUnit=").append(otherUnit()).append(" faults={");
        boolean first = true;
        for (Fault.Kind k : Fault.Kind.values()) {
            if (k != Fault.Kind.NONE) {
                sb.append(first ? "" : ", ").append(k.name().toLowerCase()).append('=').append(faults(k));
                first = false;
            }
        }
        return sb.append("} current=").append(current()).toString();
    }
}
