package org.hanedge.fleet.profile;

import java.util.Comparator;

/**
 * Orders semantic versions (MAJOR.MINOR.PATCH[-pre][+build], the form gw-profile's parser accepts): numerically by
 * the three numbers, a pre-release below its release, pre-release identifiers compared numerically when both are
 * numbers, build metadata ignored.
 */
public final class SemanticVersion {
    /** Lowest first. */
    public static final Comparator<String> ORDER = SemanticVersion::compare;

    private SemanticVersion() {
    }

    public static int compare(String a, String b) {
        String[] ca = core(a);
        String[] cb = core(b);
        for (int i = 0; i < 3; i++) {
            int c = compareNumbers(part(ca[0], i), part(cb[0], i));
            if (c != 0) {
                return c;
            }
        }
        if (ca[1] == null || cb[1] == null) {
            return ca[1] == null ? (cb[1] == null ? 0 : 1) : -1;
        }
        String[] pa = ca[1].split("\\.");
        String[] pb = cb[1].split("\\.");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            boolean na = pa[i].matches("\\d+");
            boolean nb = pb[i].matches("\\d+");
            int c = na && nb ? compareNumbers(pa[i], pb[i]) : na ? -1 : nb ? 1 : pa[i].compareTo(pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    /** [MAJOR.MINOR.PATCH, pre-release or null]. */
    private static String[] core(String v) {
        String s = v == null ? "" : v;
        int plus = s.indexOf('+');
        if (plus >= 0) {
            s = s.substring(0, plus);
        }
        int dash = s.indexOf('-');
        return dash < 0 ? new String[] {s, null} : new String[] {s.substring(0, dash), s.substring(dash + 1)};
    }

    private static String part(String core, int i) {
        String[] p = core.split("\\.");
        return i < p.length ? p[i] : "0";
    }

    private static int compareNumbers(String a, String b) {
        String x = a.replaceFirst("^0+(?=\\d)", "");
        String y = b.replaceFirst("^0+(?=\\d)", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
}
