package org.hanedge.gateway.serial.internal;

import java.time.Instant;
import java.util.List;

import org.hanedge.gateway.api.Reading;

/**
 * Routes each framed line of a serial device: lines starting with {@code $} to the NMEA decoder (if the device serves
 * NMEA channels), others to the ASCII instrument's patterns, everything else counted as bad input. Valid lines are
 * reported to the {@link PortWatchdog} and their readings published. Runs on the reader thread.
 */
final class LineDispatcher implements LineFramer.Listener {
    private final NmeaChannels nmea;
    private final AsciiInstrument ascii;
    private final BadInputCounter bad;
    private final ReadingPublisher out;
    private PortWatchdog watchdog;

    /** @param nmea the NMEA channels or null; @param ascii the ASCII instrument or null */
    LineDispatcher(NmeaChannels nmea, AsciiInstrument ascii, BadInputCounter bad, ReadingPublisher out) {
        this.nmea = nmea;
        this.ascii = ascii;
        this.bad = bad;
        this.out = out;
    }

    void watchdog(PortWatchdog w) {
        this.watchdog = w;
    }

    @Override
    public void line(String line) {
        Instant now = Instant.now();
        if (nmea != null && !line.isEmpty() && line.charAt(0) == '$') {
            NmeaParser.Result r = NmeaParser.parse(line);
            if (r.ok()) {
                watchdog.data();
                out.publish(nmea.readings(r.sentence(), now));
            } else {
                bad.count(r.error(), r.detail() + ": " + line);
            }
            return;
        }
        if (ascii != null) {
            long malformed = bad.count(BadInput.MALFORMED);
            List<Reading> rs = ascii.onLine(line, now, bad);
            if (!rs.isEmpty()) {
                watchdog.data();
                out.publish(rs);
            } else if (bad.count(BadInput.MALFORMED) == malformed) {
                bad.count(BadInput.UNMATCHED, line);
            }
            return;
        }
        bad.count(BadInput.GARBAGE, line);
    }

    @Override
    public void bad(BadInput reason, CharSequence sample) {
        bad.count(reason, sample);
    }
}
