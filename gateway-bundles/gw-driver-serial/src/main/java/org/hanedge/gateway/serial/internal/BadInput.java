package org.hanedge.gateway.serial.internal;

/**
 * Why a piece of serial input was not used. Every occurrence is counted per device by {@link BadInputCounter};
 * reasons that point at a fault ({@link #warns()}) are logged at WARN at a bounded rate, the others at DEBUG.
 */
public enum BadInput {
    /** Bytes outside any sentence: noise, a sentence whose start was lost, non-printable bytes (wrong baud rate). */
    GARBAGE(true),
    /** An NMEA sentence whose checksum does not match its content. */
    BAD_CHECKSUM(true),
    /** An NMEA sentence without the {@code *hh} checksum (or a truncated one). */
    NO_CHECKSUM(true),
    /** A line longer than allowed (NMEA 0183: 82 characters including {@code $} and CR LF). */
    TOO_LONG(true),
    /** A sentence or line with the right frame but unusable content (missing or non-numeric fields). */
    MALFORMED(true),
    /** A polled instrument did not answer its request within the reply timeout. */
    REPLY_TIMEOUT(true),
    /** A well-formed NMEA sentence of a type the driver does not decode (GSV, proprietary ...). Not a fault. */
    UNSUPPORTED(false),
    /** An ASCII line that matches no channel pattern (e.g. an indicator's unstable "US" lines). Not a fault. */
    UNMATCHED(false);

    private final boolean warns;

    BadInput(boolean warns) {
        this.warns = warns;
    }

    /** Whether this reason is logged at WARN (a fault) rather than DEBUG (expected chatter). */
    public boolean warns() {
        return warns;
    }
}
