package org.hanedge.gateway.api.outbox;

/** Drain order: all pending {@link #ALARM} entries go out before any {@link #EVENT}, and those before telemetry. */
public enum Priority {
    /** Alarms and SOS. */
    ALARM,
    /** State changes, automatic actions, configuration results. */
    EVENT,
    /** Bulk readings. */
    TELEMETRY
}
