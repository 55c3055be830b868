package org.hanedge.gateway.site.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to the maps of one site document (the site file, or a pushed configuration); every error names the
 * document's source and the field path. Relative paths are relative to the site file's folder.
 */
final class Fields {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|kB|MB|GB)?");

    private final String source;
    private final Path base;

    /** The fields of a site file. */
    Fields(Path file) {
        this(file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * @param source what the document is, for messages: a path, {@code pushed configuration 8}
     * @param base   the folder relative paths start from
     */
    Fields(String source, Path base) {
        this.source = source;
        this.base = base;
    }

    SiteConfigException error(String field, String message) {
        return new SiteConfigException(source, field, message);
    }

    Map<String, Object> map(Object value, String field) throws SiteConfigException {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new HashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue());
            }
            return out;
        }
        throw error(field, "must be a mapping of keys to values" + (value == null ? " (it is empty)" : ""));
    }

    Object required(Map<String, Object> m, String key, String at) throws SiteConfigException {
        Object v = m.get(key);
        if (v == null) {
            throw error(at + key, "is required");
        }
        return v;
    }

    void allowOnly(Map<String, Object> m, String at, Set<String> allowed) throws SiteConfigException {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw error(at + key, "unknown key (allowed: " + String.join(", ", allowed.stream().sorted()
                        .toList()) + ")");
            }
        }
    }

    String string(Object v, String field) throws SiteConfigException {
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        throw error(field, "must be a non-empty string, not '" + v + "'");
    }

    /** A string that is never echoed back in an error message. */
    String secret(Object v, String field) throws SiteConfigException {
        if (v instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw error(field, "must be a non-empty string");
    }

    String oneOf(Object v, String field, Set<String> allowed) throws SiteConfigException {
        String s = string(v, field).toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw error(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()) + ", not '"
                    + s + "'");
        }
        return s;
    }

    String id(Object v, String field) throws SiteConfigException {
        String s = string(v, field);
        if (!ID.matcher(s).matches()) {
            throw error(field, "'" + s + "' is not a valid id (letters, digits, '.', '_', '-'; at most 64)");
        }
        return s;
    }

    int integer(Object v, String field, int min, int max) throws SiteConfigException {
        if (v instanceof Integer i && i >= min && i <= max) {
            return i;
        }
        throw error(field, "must be an integer from " + min + " to " + max + ", not '" + v + "'");
    }

    /** A number (integer or decimal) greater than 0 and at most {@code max}. */
    double positive(Object v, String field, double max) throws SiteConfigException {
        if (v instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= max) {
            return n.doubleValue();
        }
        throw error(field, "must be a number greater than 0 and at most " + (long) max + ", not '" + v + "'");
    }

    /** A number (integer or decimal) of at least 0. */
    double nonNegative(Object v, String field) throws SiteConfigException {
        if (v instanceof Number n && !(v instanceof Double d && !Double.isFinite(d)) && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        throw error(field, "must be a number of at least 0, not '" + v + "'");
    }

    /** Milliseconds of a duration such as 500ms, 5s, 2m or 1h. */
    int millis(Object v, String field) throws SiteConfigException {
        Matcher m = DURATION.matcher(String.valueOf(v).trim());
        if (!m.matches()) {
            throw error(field, "must be a duration such as 500ms, 5s, 2m or 1h, not '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw error(field, "must be positive and under 24 days, not '" + v + "'");
        }
        return (int) d.toMillis();
    }

    /** Bytes of a size such as 4096, 64KiB, 256MiB or 1GiB (kB, MB, GB are powers of ten). */
    long bytes(Object v, String field, long min) throws SiteConfigException {
        Matcher m = SIZE.matcher(String.valueOf(v).trim());
        if (!m.matches()) {
            throw error(field, "must be a size such as 64KiB, 256MiB or 1GiB, not '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "kB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            default -> 1L;
        };
        long bytes = n * unit;
        if (bytes < min) {
            throw error(field, "must be at least " + min + " bytes, not '" + v + "'");
        }
        return bytes;
    }

    Path path(Object v, String field) throws SiteConfigException {
        Path p = Path.of(string(v, field));
        return (p.isAbsolute() ? p : base.resolve(p)).normalize();
    }
}
