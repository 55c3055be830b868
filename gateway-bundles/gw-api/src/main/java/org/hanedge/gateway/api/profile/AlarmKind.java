package org.hanedge.gateway.api.profile;

/**
 * The kinds of alarm a channel can raise. With the device and channel they make an alarm's stable id:
 * {@code <deviceId>/<channel>/<kind>}, e.g. {@code ps-plc/wet_well_level/HIGH_HIGH}.
 */
public enum AlarmKind {
    /** value at or below the low-low limit */
    LOW_LOW,
    /** value at or below the low limit */
    LOW,
    /** value at or above the high limit */
    HIGH,
    /** value at or above the high-high limit */
    HIGH_HIGH,
    /** value changed faster than the rate-of-change limit (per minute) */
    RATE_OF_CHANGE,
    /** value did not change at all for the stuck period */
    STUCK,
    /** boolean channel in its alarm state */
    STATE
}
