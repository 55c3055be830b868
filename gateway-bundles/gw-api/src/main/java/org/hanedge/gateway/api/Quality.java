package org.hanedge.gateway.api;

/**
 * How far a reading's value can be trusted. Every non-{@link #GOOD} reading from a bus says why, so the fleet
 * server and operators can tell a broken sensor from a broken cable.
 */
public enum Quality {
    /** The device answered and the value decoded as the profile describes. */
    GOOD(true),
    /** A value is present but questionable (for example a GPS position without a fix, a counter after a gap). */
    UNCERTAIN(true),
    /** The device rejected the request as configured: illegal function, address or value (Modbus exceptions 1-3). */
    BAD_CONFIG(false),
    /** The device reported an internal failure (Modbus exception 4). */
    BAD_DEVICE_FAILURE(false),
    /** The device was busy or only acknowledged (Modbus exceptions 5, 6); the next poll may succeed. */
    BAD_DEVICE_BUSY(false),
    /** No usable answer: timeout, CRC or framing error, a gateway path that failed (Modbus exceptions 10, 11). */
    BAD_COMM(false),
    /** The device has stopped answering and is polled at a reduced rate until it comes back. */
    BAD_OFFLINE(false);

    private final boolean hasValue;

    Quality(boolean hasValue) {
        this.hasValue = hasValue;
    }

    /** Whether a reading of this quality carries a value. */
    public boolean hasValue() {
        return hasValue;
    }
}
