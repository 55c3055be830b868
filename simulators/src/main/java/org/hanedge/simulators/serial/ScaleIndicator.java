package org.hanedge.simulators.serial;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * The waste truck's on-board weighing indicator streaming its gross weight continuously as ASCII, one line per
 * simulated second, in the common {@code ST,GS,+001234.5kg} format (A&D / Mettler style: {@code ST} stable,
 * {@code US} unstable, {@code GS} gross). The load follows the {@link Route}: it steps up with every bin lift at a
 * collection point (unstable for a few seconds while the bin is emptied) and drops to zero after the weigh at the
 * Khánh Sơn weighbridge. Matches the waste-truck profile's {@code gross_weight} pattern
 * {@code ^ST,GS,\s*([-+]?\d+(\.\d+)?)\s*kg$}; unstable lines deliberately do not.
 */
public final class ScaleIndicator extends LineStreamer {

    public ScaleIndicator(Route route, double speed, double startS) {
        super(route, speed, startS, Instant.now());
    }

    @Override
    protected String name() {
        return "scale-indicator";
    }

    @Override
    protected byte[] output(Route.State s, Instant utc) {
        return (line(s.loadKg(), s.stable()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One indicator line without line end. */
    public static String line(double kg, boolean stable) {
        return String.format(Locale.ROOT, "%s,GS,%+09.1fkg", stable ? "ST" : "US", kg);
    }
}
