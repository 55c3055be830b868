package org.hanedge.gateway.config.agent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.hanedge.contract.config.ConfigDocuments;

/**
 * The fields in which two site documents differ, in the site file's notation ({@code devices[0].modbus.unitId}),
 * each with both values (JSON, shortened). Lists of different lengths differ as a whole.
 */
final class DocumentDiff {
    /** Most differences listed; the rest are counted in one last entry. */
    static final int MAX = 20;
    private static final int MAX_VALUE = 60;

    /** One field that differs: {@code before} and {@code after} are JSON text, or {@code absent}. */
    record Difference(String path, String before, String after) {
    }

    private DocumentDiff() {
    }

    static List<Difference> diff(Object before, Object after) {
        List<Difference> out = new ArrayList<>();
        walk("", before, after, out);
        return out;
    }

    private static void walk(String path, Object a, Object b, List<Difference> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            TreeSet<String> keys = new TreeSet<>();
            ma.keySet().forEach(k -> keys.add(String.valueOf(k)));
            mb.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                walk(path.isEmpty() ? k : path + "." + k, ma.containsKey(k) ? ma.get(k) : Absent.VALUE,
                        mb.containsKey(k) ? mb.get(k) : Absent.VALUE, out);
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
            for (int i = 0; i < la.size(); i++) {
                walk(path + "[" + i + "]", la.get(i), lb.get(i), out);
            }
        } else if (!same(a, b)) {
            out.add(new Difference(path, text(a), text(b)));
        }
    }

    /** Numbers compare by value (a YAML 1 and a JSON 1.0 are the same setting). */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    private static String text(Object v) {
        if (v == Absent.VALUE) {
            return "absent";
        }
        String s = new String(ConfigDocuments.toJson(v), java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "..." : s;
    }

    private enum Absent {
        VALUE
    }
}
