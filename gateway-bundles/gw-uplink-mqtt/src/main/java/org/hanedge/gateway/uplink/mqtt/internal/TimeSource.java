package org.hanedge.gateway.uplink.mqtt.internal;

/** Where the true time of the current boot came from, weakest first: a later, stronger source overrides. */
public enum TimeSource {
    /** Not known yet: records of this boot are held. */
    NONE,
    /** No answer within {@code clock.fallback.s}: the local clock is assumed right (a WARN says so). */
    FALLBACK,
    /** The OS clock stepped (NTP, chrony, timesyncd or an operator): the stepped clock is assumed right. */
    STEP,
    /** Measured against the fleet server ({@code time/req} / {@code time/res}). */
    SERVER
}
