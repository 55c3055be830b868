package org.hanedge.gateway.profile;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Small text and lookup-table helpers shared by the profile parsers. */
final class Text {
    private Text() {
    }

    /** The enum constant's name in lower case, as profiles write it. */
    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** A number as written in messages: integers without a fraction. */
    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Folds line breaks (and the blanks around them) into single spaces. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The constants by their lower-case names, in declaration order. */
    static <E extends Enum<E>> Map<String, E> lowerNames(E[] values) {
        Map<String, E> map = new LinkedHashMap<>();
        Arrays.stream(values).forEach(v -> map.put(lower(v), v));
        return map;
    }

    /** An unmodifiable map keeping the order of {@code key1, value1, key2, value2, ...}. */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> linked(Object... keyValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], (V) keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
