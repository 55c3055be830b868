package org.hanedge.demo;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Ready means the API lists every gateway online and every real gateway's readings are queryable; a child that dies
 * meanwhile ends the wait with its log.
 */
final class ReadyWait {
    static final Duration AT_MOST = Duration.ofMinutes(15);

    private final FleetApi api;
    private final ProcessSupervisor supervisor;
    private final Console console;

    ReadyWait(FleetApi api, ProcessSupervisor supervisor, Console console) {
        this.api = api;
        this.supervisor = supervisor;
        this.console = console;
    }

    /** Waits; returns the gateways online at the end. */
    int await(List<String> realIds, int expected, String logs) throws DemoFailure {
        int[] last = {-1};
        Poll.until(() -> {
            OptionalInt online = api.online(null);
            if (online.isPresent() && online.getAsInt() != last[0]) {
                last[0] = online.getAsInt();
                console.progress(last[0] + "/" + expected + " gateways online");
            }
            if (online.orElse(0) >= expected && reporting(realIds) == realIds.size()) {
                return true;
            }
            Child dead = supervisor.firstExited().orElse(null);
            if (dead != null) {
                throw new DemoFailure(dead.name() + " exited", dead.log());
            }
            return false;
        }, AT_MOST, Duration.ofMillis(500));
        int online = Math.max(0, last[0]);
        if (online < expected) {
            console.say("only " + online + " of " + expected + " gateways online after 15 minutes (logs in " + logs + ")");
        }
        console.detail("readings of the real gateways: " + reporting(realIds) + "/" + realIds.size() + " queryable");
        return online;
    }

    private int reporting(List<String> realIds) {
        return (int) realIds.stream().filter(api::hasGoodReading).count();
    }
}
