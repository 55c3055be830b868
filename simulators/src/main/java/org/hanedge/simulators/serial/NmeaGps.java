package org.hanedge.simulators.serial;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A GPS receiver replaying a {@link Route} as NMEA 0183: once per simulated second GGA, RMC, VTG and GSA with valid
 * checksums and a configurable talker id ({@code GP}, {@code GN}, {@code GL}, {@code GA}, {@code BD}). Without a fix
 * the sentences say so (GGA quality 0, RMC status V, VTG/RMC mode N, GSA fix type 1) and leave position, speed and
 * course empty, as receivers do; during a silent outage nothing is sent.
 */
public final class NmeaGps extends LineStreamer {
    private final String talker;

    public NmeaGps(Route route, String talker, double speed, double startS, Instant utcAtStart) {
        super(route, speed, startS, utcAtStart);
        if (talker == null || !talker.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("talker must be two upper-case letters, was " + talker);
        }
        this.talker = talker;
    }

    public NmeaGps(Route route, String talker, double speed, double startS) {
        this(route, talker, speed, startS, Instant.now());
    }

    @Override
    protected String name() {
        return "nmea-gps";
    }

    @Override
    protected byte[] output(Route.State s, Instant utc) {
        if (s.silent()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(320);
        for (String line : sentences(talker, s, utc)) {
            sb.append(line).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The four sentences of one epoch, without line ends. */
    public static List<String> sentences(String talker, Route.State s, Instant utc) {
        ZonedDateTime z = utc.atZone(ZoneOffset.UTC);
        String time = String.format(Locale.ROOT, "%02d%02d%02d.%02d", z.getHour(), z.getMinute(), z.getSecond(),
                z.getNano() / 10_000_000);
        String date = String.format(Locale.ROOT, "%02d%02d%02d", z.getDayOfMonth(), z.getMonthValue(),
                z.getYear() % 100);
        List<String> out = new ArrayList<>(4);
        if (s.fix()) {
            String lat = latitude(s.lat());
            String lon = longitude(s.lon());
            String kn = String.format(Locale.ROOT, "%.1f", s.speedKn());
            String kmh = String.format(Locale.ROOT, "%.1f", s.speedKn() * 1.852);
            String cog = String.format(Locale.ROOT, "%.1f", s.courseDeg());
            out.add(sentence(talker + "GGA," + time + "," + lat + "," + lon + ",1,"
                    + String.format(Locale.ROOT, "%02d,%.1f,12.0,M,27.0,M,,", s.satellites(), s.hdop())));
            out.add(sentence(talker + "RMC," + time + ",A," + lat + "," + lon + "," + kn + "," + cog + "," + date
                    + ",,,A"));
            out.add(sentence(talker + "VTG," + cog + ",T,,M," + kn + ",N," + kmh + ",K,A"));
            out.add(sentence(talker + "GSA,A,3," + prns(s.satellites())
                    + String.format(Locale.ROOT, "%.1f,%.1f,%.1f", s.hdop() * 1.6, s.hdop(), s.hdop() * 1.3)));
        } else {
            out.add(sentence(talker + "GGA," + time + ",,,,,0,"
                    + String.format(Locale.ROOT, "%02d", s.satellites()) + ",99.99,,,,,,"));
            out.add(sentence(talker + "RMC," + time + ",V,,,,,,," + date + ",,,N"));
            out.add(sentence(talker + "VTG,,T,,M,,N,,K,N"));
            out.add(sentence(talker + "GSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99"));
        }
        return out;
    }

    private static String prns(int n) {
        StringBuilder sb = new StringBuilder();
        int[] ids = {2, 5, 7, 9, 13, 15, 18, 20, 23, 26, 29, 31};
        for (int i = 0; i < 12; i++) {
            if (i < n) {
                sb.append(String.format(Locale.ROOT, "%02d", ids[i]));
            }
            sb.append(',');
        }
        return sb.toString();
    }

    static String latitude(double lat) {
        double a = Math.abs(lat);
        int deg = (int) a;
        double min = (a - deg) * 60;
        return String.format(Locale.ROOT, "%02d%07.4f,%s", deg, min, lat < 0 ? "S" : "N");
    }

    static String longitude(double lon) {
        double a = Math.abs(lon);
        int deg = (int) a;
        double min = (a - deg) * 60;
        return String.format(Locale.ROOT, "%03d%07.4f,%s", deg, min, lon < 0 ? "W" : "E");
    }

    /** {@code $body*hh}. */
    public static String sentence(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return String.format(Locale.ROOT, "$%s*%02X", body, sum);
    }
}
