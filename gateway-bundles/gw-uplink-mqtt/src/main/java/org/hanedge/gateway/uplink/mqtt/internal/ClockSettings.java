package org.hanedge.gateway.uplink.mqtt.internal;

import java.nio.file.Path;

/**
 * The time correction's settings.
 *
 * @param tableFile       the persisted epoch table (in the uplink bundle's data directory)
 * @param toleranceMillis a correction of at most this is taken as 0 (the clock is right)
 * @param fallbackMillis  how long a time request may go unanswered on a live session before the local clock is
 *                        assumed right
 */
public record ClockSettings(Path tableFile, long toleranceMillis, long fallbackMillis) {
    public ClockSettings {
        if (toleranceMillis < 0) {
            throw new IllegalArgumentException("clock.tolerance.ms must be >= 0, got " + toleranceMillis);
        }
        if (fallbackMillis < 0) {
            throw new IllegalArgumentException("clock.fallback.ms must be >= 0, got " + fallbackMillis);
        }
    }
}
