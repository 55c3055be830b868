package org.hanedge.gateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The clock ITs' gateway log: the readings of the simulated sonde's conductivity (its true seconds), as logged. */
public final class ClockLog {
    private static final Pattern READING = Pattern.compile("lake-clock/conductivity = ([0-9.]+)");

    private ClockLog() {
    }

    /** How many conductivity readings the gateway has logged. */
    public static int readings(Path log) throws IOException {
        Matcher m = READING.matcher(Files.readString(log));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The value of the last conductivity reading logged, -1 if none. */
    public static double lastValue(Path log) throws IOException {
        Matcher m = READING.matcher(Files.readString(log));
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return last;
    }
}
