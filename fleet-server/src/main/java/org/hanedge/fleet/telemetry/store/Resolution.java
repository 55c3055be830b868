package org.hanedge.fleet.telemetry.store;

/** Rollup resolutions and their tables. */
public enum Resolution {
    MINUTE("rollup_1m", 60_000L),
    HOUR("rollup_1h", 3_600_000L),
    DAY("rollup_1d", 86_400_000L);

    private final String table;
    private final long millis;

    Resolution(String table, long millis) {
        this.table = table;
        this.millis = millis;
    }

    public String table() {
        return table;
    }

    public long millis() {
        return millis;
    }

    public long bucketOf(long ts) {
        return Math.floorDiv(ts, millis) * millis;
    }
}
