package org.hanedge.fleet.health;

import java.time.Duration;

/** Human text for durations in alarm messages: {@code 45 s}, {@code 7 min 12 s}, {@code 3 h 5 min}. */
final class Durations {
    private Durations() {
    }

    static String text(long ms) {
        Duration d = Duration.ofMillis(Math.abs(ms));
        if (d.toMinutes() == 0) {
            return d.toMillis() % 1000 == 0 ? d.getSeconds() + " s"
                    : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (d.toHours() == 0) {
            return d.toMinutes() + " min" + (d.toSecondsPart() == 0 ? "" : " " + d.toSecondsPart() + " s");
        }
        if (d.toDays() == 0) {
            return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
        }
        return d.toDays() + " d" + (d.toHoursPart() == 0 ? "" : " " + d.toHoursPart() + " h");
    }

    static double seconds(long ms) {
        return Math.round(ms / 100.0) / 10.0;
    }
}
