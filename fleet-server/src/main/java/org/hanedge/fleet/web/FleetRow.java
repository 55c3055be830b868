package org.hanedge.fleet.web;

import java.time.Instant;
import java.util.List;

/**
 * A gateway as the UI's fleet table and map show it. {@code lat}/{@code lon} is where to draw it: the latest
 * reported position of a moving site (boat, truck), else the registered site position.
 */
public record FleetRow(String id, String kind, String name, String nameLocal, String district, String firmware,
        String profile, boolean online, Instant lastSeen, Double lat, Double lon, boolean moving, List<String> tags,
        int openAlarms, State state) {

    /** Map colour: ALARM (any open alarm) wins over ONLINE/OFFLINE. */
    public enum State { ONLINE, OFFLINE, ALARM }
}
