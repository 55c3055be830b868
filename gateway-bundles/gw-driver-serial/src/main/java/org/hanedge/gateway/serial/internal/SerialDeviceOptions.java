package org.hanedge.gateway.serial.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Behaviour of one serial device beyond the port settings.
 *
 * @param protocol          which of the profile's serial channels this port serves
 * @param reopenMax         longest wait between attempts to reopen a lost port (back-off doubles from 0.5 s)
 * @param silence           no valid data for this long on a port with streaming channels: value-less BAD_COMM readings,
 *                          device OFFLINE until data returns (then the gap is logged); zero disables
 * @param replyTimeout      how long a polled instrument has to answer a request
 * @param badInputLogPeriod at most one log line per bad-input reason per period
 * @param readTimeoutMs     longest a read waits for the first byte (bounds how fast stop and silence react)
 */
public record SerialDeviceOptions(Protocol protocol, Duration reopenMax, Duration silence, Duration replyTimeout,
        Duration badInputLogPeriod, int readTimeoutMs) {

    /** Which channels of the profile a port serves. */
    public enum Protocol {
        /** NMEA and ASCII channels (lines starting with {@code $} go to the NMEA decoder). */
        AUTO,
        /** NMEA channels only (a GPS receiver's port). */
        NMEA,
        /** ASCII channels only (an instrument's port). */
        ASCII;

        public static Protocol parse(String s) {
            if (s == null || s.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("serial.protocol must be auto, nmea or ascii, was " + s);
            }
        }
    }

    public static final SerialDeviceOptions DEFAULTS = new SerialDeviceOptions(Protocol.AUTO, Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(1), BadInputCounter.DEFAULT_INTERVAL, 200);

    public SerialDeviceOptions withProtocol(Protocol p) {
        return new SerialDeviceOptions(p, reopenMax, silence, replyTimeout, badInputLogPeriod, readTimeoutMs);
    }

    public SerialDeviceOptions withReopenMax(Duration d) {
        return new SerialDeviceOptions(protocol, d, silence, replyTimeout, badInputLogPeriod, readTimeoutMs);
    }

    public SerialDeviceOptions withSilence(Duration d) {
        return new SerialDeviceOptions(protocol, reopenMax, d, replyTimeout, badInputLogPeriod, readTimeoutMs);
    }

    public SerialDeviceOptions withReplyTimeout(Duration d) {
        return new SerialDeviceOptions(protocol, reopenMax, silence, d, badInputLogPeriod, readTimeoutMs);
    }

    public SerialDeviceOptions withBadInputLogPeriod(Duration d) {
        return new SerialDeviceOptions(protocol, reopenMax, silence, replyTimeout, d, readTimeoutMs);
    }
}
