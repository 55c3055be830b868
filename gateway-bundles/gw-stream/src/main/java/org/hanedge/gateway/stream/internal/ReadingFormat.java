package org.hanedge.gateway.stream.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;

/** Human-readable renderings of readings for the log and the shell. */
final class ReadingFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private ReadingFormat() {
    }

    /** {@code lake-sonde/dissolved_oxygen = 7.82 mg/L} (quality shown when not GOOD). */
    static String line(Reading r) {
        StringBuilder sb = new StringBuilder(r.deviceId()).append('/').append(r.channel()).append(" = ")
                .append(value(r));
        if (r.quality() != Quality.GOOD) {
            sb.append(" [").append(r.quality()).append(']');
        }
        return sb.toString();
    }

    static String value(Reading r) {
        if (r.value() == null) {
            return "-";
        }
        String v = r.value() instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(r.value());
        return r.unit() == null ? v : v + " " + r.unit();
    }

    /** A fixed-width table of readings: device, channel, value with unit, quality, time (UTC). */
    static String table(List<Reading> readings) {
        int dw = "DEVICE".length();
        int cw = "CHANNEL".length();
        int vw = "VALUE".length();
        for (Reading r : readings) {
            dw = Math.max(dw, r.deviceId().length());
            cw = Math.max(cw, r.channel().length());
            vw = Math.max(vw, value(r).length());
        }
        String fmt = "%-" + dw + "s  %-" + cw + "s  %-" + vw + "s  %-18s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "DEVICE", "CHANNEL", "VALUE", "QUALITY",
                "TIME (UTC)"));
        for (Reading r : readings) {
            sb.append(String.format(Locale.ROOT, fmt, r.deviceId(), r.channel(), value(r), r.quality(),
                    TIME.format(r.time())));
        }
        return sb.toString();
    }
}
