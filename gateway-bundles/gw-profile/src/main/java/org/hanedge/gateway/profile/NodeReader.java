package org.hanedge.gateway.profile;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Typed access to the values of YAML mappings. Each getter returns null when the value is absent or wrong and
 * reports what is wrong, with the node's position and field path, to the file's {@link Problems}.
 */
final class NodeReader {
    private static final Pattern INTEGER = Pattern.compile("[-+]?(\\d+|0x[0-9a-fA-F]+)");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private final Problems problems;

    NodeReader(Problems problems) {
        this.problems = problems;
    }

    void problem(Node node, String field, String message) {
        problems.at(node, field, message);
    }

    YamlMap map(Node node, String path) {
        if (node instanceof MappingNode m) {
            return new YamlMap(m, path, problems);
        }
        problem(node, path, "expected a mapping (key: value pairs), got " + YamlMap.describe(node));
        return null;
    }

    private ScalarNode scalar(YamlMap o, String key, boolean required, String expected) {
        if (!o.has(key)) {
            if (required) {
                o.missing(key);
            }
            return null;
        }
        Node v = o.value(key);
        if (v instanceof ScalarNode s) {
            return s;
        }
        problem(v, o.field(key), "expected " + expected + ", got " + YamlMap.describe(v));
        return null;
    }

    String string(YamlMap o, String key, boolean required) {
        ScalarNode s = scalar(o, key, required, "a text value");
        return s == null ? null : s.getValue();
    }

    Integer integer(YamlMap o, String key, boolean required, long min, long max) {
        ScalarNode s = scalar(o, key, required, "an integer");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        Long value = null;
        if (INTEGER.matcher(text).matches()) {
            try {
                boolean negative = text.startsWith("-");
                String digits = text.replaceFirst("^[-+]", "");
                long v = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
                value = negative ? -v : v;
            } catch (NumberFormatException e) {
                value = null;
            }
        }
        if (value == null) {
            problem(s, o.field(key), "expected an integer, got '" + text + "'");
            return null;
        }
        if (value < min || value > max) {
            problem(s, o.field(key), key + " must be between " + min + " and " + max + ", got " + value);
            return null;
        }
        return value.intValue();
    }

    Double number(YamlMap o, String key, boolean required) {
        ScalarNode s = scalar(o, key, required, "a number");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        Double d = parseNumber(text);
        if (d == null) {
            problem(s, o.field(key), "expected a number, got '" + text + "'");
        }
        return d;
    }

    /** A number kept exactly as written ({@code 0.1} stays one tenth), or null when absent or not a number. */
    java.math.BigDecimal decimal(YamlMap o, String key, boolean required) {
        ScalarNode s = scalar(o, key, required, "a number");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        if (parseNumber(text) == null) {
            problem(s, o.field(key), "expected a number, got '" + text + "'");
            return null;
        }
        return new java.math.BigDecimal(text);
    }

    /** A decimal number as profiles write it ({@code 0.01}, {@code -40}, {@code 1e3}), or null. */
    static Double parseNumber(String text) {
        if (NUMBER.matcher(text).matches()) {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        }
        return null;
    }

    Boolean bool(YamlMap o, String key, boolean required) {
        ScalarNode s = scalar(o, key, required, "true or false");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        problem(s, o.field(key), "expected true or false, got '" + text + "'");
        return null;
    }

    /** A duration of at least {@code min} (see {@link Durations}). */
    Duration duration(YamlMap o, String key, boolean required, Duration min) {
        ScalarNode s = scalar(o, key, required, "a duration");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        Duration d = Durations.parse(text);
        if (d == null) {
            problem(s, o.field(key), "expected a duration such as 500ms, 5s, 2m, 1h or 1d, got '" + text + "'");
            return null;
        }
        if (d.compareTo(min) < 0) {
            problem(s, o.field(key), key + " must be greater than zero, got '" + text + "'");
            return null;
        }
        return d;
    }

    /** One of the {@code values} by its name; {@code what} names the kind of value in messages. */
    <E> E choice(YamlMap o, String key, boolean required, Map<String, E> values, String what) {
        ScalarNode s = scalar(o, key, required, "a " + what);
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        E value = values.get(text);
        if (value == null) {
            problem(s, o.field(key), "unknown " + what + " '" + text + "' (expected one of "
                    + String.join(", ", values.keySet()) + ")");
        }
        return value;
    }
}
