package org.hanedge.gateway.config.agent.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.hanedge.contract.config.ConfigDocuments;

/**
 * Local edits of the site file: the fields in which the file differs from what it was (its baseline) and also from
 * the configuration in force, in the site file's notation ({@code devices[0].modbus.unitId}). Only edited fields
 * count, so the many ways a hand-written file and a server's document say the same (a default left out, another key
 * order) are never drift; an edit the configuration in force has adopted is none either. Lists of different lengths
 * differ as a whole. The three documents are walked side by side.
 */
final class DocumentDiff {
    /** Most edits listed; the rest are counted in one last entry. */
    static final int MAX = 20;
    private static final int MAX_VALUE = 60;

    /** One edited field: the baseline's, the file's and the configuration's value, as JSON or {@code absent}. */
    record Edit(String path, String before, String now, String inForce) {
    }

    private DocumentDiff() {
    }

    static List<Edit> localEdits(Object baseline, Object file, Object inForce) {
        List<Edit> out = new ArrayList<>();
        walk("", baseline, file, inForce, out);
        return out;
    }

    private static void walk(String path, Object base, Object file, Object force, List<Edit> out) {
        if (base instanceof Map<?, ?> mb && file instanceof Map<?, ?> mf) {
            Map<?, ?> mi = force instanceof Map<?, ?> m ? m : Map.of();
            TreeSet<String> keys = new TreeSet<>();
            mb.keySet().forEach(k -> keys.add(String.valueOf(k)));
            mf.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                walk(path.isEmpty() ? k : path + "." + k, get(mb, k), get(mf, k), get(mi, k), out);
            }
        } else if (base instanceof List<?> lb && file instanceof List<?> lf && lb.size() == lf.size()) {
            List<?> li = force instanceof List<?> l && l.size() == lf.size() ? l : null;
            for (int i = 0; i < lb.size(); i++) {
                walk(path + "[" + i + "]", lb.get(i), lf.get(i), li == null ? Absent.VALUE : li.get(i), out);
            }
        } else if (!same(base, file) && !same(file, force)) {
            out.add(new Edit(path, text(base), text(file), text(force)));
        }
    }

    private static Object get(Map<?, ?> m, String key) {
        return m.containsKey(key) ? m.get(key) : Absent.VALUE;
    }

    /** Numbers compare by value (a YAML 1 and a JSON 1.0 are the same setting); maps and lists by content. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            return ma.size() == mb.size() && ma.keySet().stream().allMatch(k -> mb.containsKey(k)
                    && same(ma.get(k), mb.get(k)));
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!same(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static String text(Object v) {
        if (v == Absent.VALUE) {
            return "absent";
        }
        String s = new String(ConfigDocuments.toJson(v), StandardCharsets.UTF_8);
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "..." : s;
    }

    private enum Absent {
        VALUE
    }
}
