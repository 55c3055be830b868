package org.hanedge.fleet.health;

/**
 * What the registry knows of a gateway's presence, as the derived-alarm rules read it. Times are epoch milliseconds
 * on the server's clock except {@code connectedAt} (the gateway's clock, from its birth).
 *
 * @param clockOffsetMs gateway clock minus server clock at the last birth
 */
record GatewayState(String id, String kind, boolean online, Long lastSeen, Long connectedAt, Long clockOffsetMs,
        String statsJson, Long statsTime) {

    /** A gateway time on the server's clock (corrected by the offset measured at the last birth). */
    long toServerTime(long gatewayTime) {
        return clockOffsetMs == null ? gatewayTime : gatewayTime - clockOffsetMs;
    }

    /** Not heard from for longer than the limit (never-seen gateways are not offline: they were never installed). */
    boolean silentLongerThan(long limitMs, long now) {
        return lastSeen != null && now - lastSeen > limitMs;
    }
}
