package org.hanedge.fleet.web;

import java.time.Instant;
import java.util.List;

/**
 * A gateway as the UI's fleet table and map show it. {@code lat}/{@code lon} is where to draw it: the latest
 * reported position of a moving site (boat, truck), else the registered site position.
 */
public record FleetRow(String id, String kind, String name, String nameLocal, String district, String firmware,
        String profile, boolean online, Instant lastSeen, Double lat, Double lon, boolean moving, List<String> tags,
        int openAlarms, State state, Sync sync) {

    /** Map colour: ALARM (any open alarm) wins over ONLINE/OFFLINE. */
    public enum State { ONLINE, OFFLINE, ALARM }

    /**
     * Whether a gateway runs its latest configuration version: IN_SYNC (reported APPLIED), DRIFT (its latest report
     * is DRIFT), FAILED (reported ROLLED_BACK or REJECTED), PENDING (not yet APPLIED), NONE (no version made).
     */
    public enum Sync {
        IN_SYNC, PENDING, FAILED, DRIFT, NONE;

        /**
         * @param latestVersion the gateway's latest version, null: none
         * @param reported      the version its latest report is about, null: no report
         * @param status        that report's status (APPLYING, APPLIED, ROLLED_BACK, REJECTED, DRIFT)
         */
        public static Sync of(Long latestVersion, Long reported, String status) {
            if (latestVersion == null) {
                return NONE;
            }
            if ("DRIFT".equals(status)) {
                return DRIFT;
            }
            if (reported == null || reported.longValue() != latestVersion.longValue()) {
                return PENDING;
            }
            return switch (status) {
                case "APPLIED" -> IN_SYNC;
                case "ROLLED_BACK", "REJECTED" -> FAILED;
                default -> PENDING;
            };
        }
    }
}
