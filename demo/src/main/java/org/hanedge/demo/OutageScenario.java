package org.hanedge.demo;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The outage: a simulated minute after "ready" the district's uplink ({@code simulate link}) is cut for
 * {@code --outage-minutes}, then restored; the scenario follows the district until it is online again and every
 * backlog is delivered ({@code outage-drained}).
 */
public final class OutageScenario implements DemoScenario {

    /** Where the scenario is. */
    public enum Phase { WAITING, CUT, DRAINING, DRAINED }

    private final String district;
    private final int gateways;
    private final List<String> realIds;
    private final String minutesText;
    private final ControlLine link;
    private final DistrictProbe probe;
    private final EventLog events;
    private final Console console;
    private final Clock wallClock;
    private final long leadMillis;
    private final long cutMillis;
    private Phase phase = Phase.WAITING;
    private long dueAt = Long.MAX_VALUE;
    private long noteAt;
    private long restoredAt;
    private Instant restoredWall;

    public OutageScenario(String district, int gateways, List<String> realIds, double minutes, SimTime time,
            ControlLine link, DistrictProbe probe, EventLog events, Console console, Clock wallClock) {
        this.district = district;
        this.gateways = gateways;
        this.realIds = List.copyOf(realIds);
        this.minutesText = minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes);
        this.link = link;
        this.probe = probe;
        this.events = events;
        this.console = console;
        this.wallClock = wallClock;
        this.leadMillis = time.realSeconds(DemoTimings.LEAD_MINUTES) * 1000;
        this.cutMillis = time.realSeconds(minutes) * 1000;
    }

    public Phase phase() {
        return phase;
    }

    @Override
    public void announce(long now) {
        dueAt = now + leadMillis;
        console.say("scenario outage: the uplink of " + district + " (" + gateways + " gateways) is cut in "
                + leadMillis / 1000 + " s");
    }

    @Override
    public void step(long now) throws DemoFailure {
        switch (phase) {
            case WAITING -> {
                if (now >= dueAt) {
                    cut(now);
                }
            }
            case CUT -> {
                if (now >= dueAt) {
                    restore(now);
                } else if (now - noteAt >= DemoTimings.CUT_NOTE_MILLIS) {
                    noteAt = now;
                    console.note(district + ": " + text(probe.online()) + "/" + gateways + " online, uplink back in "
                            + (dueAt - now) / 1000 + " s");
                }
            }
            case DRAINING -> drain(now);
            case DRAINED -> {
                // done
            }
        }
    }

    private void cut(long now) throws DemoFailure {
        link.send("cut");
        events.event("outage-cut district=\"" + district + "\" gateways=" + gateways + ": the uplink of " + district
                + " is cut for " + minutesText + " simulated minutes (" + cutMillis / 1000 + " s): " + gateways
                + " gateways (" + (realIds.isEmpty() ? "no real ones" : String.join(" ", realIds))
                + ") keep reading into their outboxes");
        phase = Phase.CUT;
        dueAt = now + cutMillis;
        noteAt = now;
    }

    private void restore(long now) throws DemoFailure {
        link.send("restore");
        events.event("outage-restored district=\"" + district + "\": the uplink is back; backlogs drain");
        phase = Phase.DRAINING;
        restoredAt = now;
        restoredWall = wallClock.instant();
        noteAt = now;
    }

    private void drain(long now) {
        OptionalInt online = probe.online();
        OptionalLong real = probe.realUndelivered(restoredWall);
        OptionalLong virtual = probe.virtualBacklog();
        if (online.orElse(0) >= gateways && real.equals(OptionalLong.of(0)) && virtual.equals(OptionalLong.of(0))) {
            events.event("outage-drained district=\"" + district + "\": " + online.getAsInt() + "/" + gateways
                    + " online, every backlog delivered " + (now - restoredAt) / 1000 + " s after the restore");
            phase = Phase.DRAINED;
        } else if (now - noteAt >= DemoTimings.DRAIN_NOTE_MILLIS) {
            noteAt = now;
            console.note(district + ": " + text(online) + "/" + gateways + " online; backlog still to deliver: "
                    + "real gateways " + (real.isPresent() ? real.getAsLong() + " readings" : "waiting for their stats")
                    + ", virtual gateways " + (virtual.isPresent() ? Long.toString(virtual.getAsLong()) : "?")
                    + " readings");
        }
    }

    private static String text(OptionalInt n) {
        return n.isPresent() ? Integer.toString(n.getAsInt()) : "?";
    }
}
