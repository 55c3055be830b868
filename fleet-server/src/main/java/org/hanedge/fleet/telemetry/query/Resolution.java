package org.hanedge.fleet.telemetry.query;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a series query reads from: raw readings or one of the rollup tables. */
public enum Resolution {
    RAW("raw", 0, "reading"),
    MINUTE("1m", 60_000L, "rollup_1m"),
    HOUR("1h", 3_600_000L, "rollup_1h"),
    DAY("1d", 86_400_000L, "rollup_1d");

    private final String label;
    private final long bucketMillis;
    private final String table;

    Resolution(String label, long bucketMillis, String table) {
        this.label = label;
        this.bucketMillis = bucketMillis;
        this.table = table;
    }

    /** {@code raw}, {@code 1m}, {@code 1h} or {@code 1d}. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Bucket width in milliseconds; 0 for raw. */
    public long bucketMillis() {
        return bucketMillis;
    }

    /** The table the resolution is stored in (a fixed name, never user input). */
    String table() {
        return table;
    }

    /** The coarsest resolution whose bucket is at most {@code stepMillis}; raw below one minute. */
    public static Resolution forStep(long stepMillis) {
        if (stepMillis >= DAY.bucketMillis) {
            return DAY;
        }
        if (stepMillis >= HOUR.bucketMillis) {
            return HOUR;
        }
        if (stepMillis >= MINUTE.bucketMillis) {
            return MINUTE;
        }
        return RAW;
    }
}
