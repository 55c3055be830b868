package org.hanedge.fleet.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/** Plain words for "what a value of this type looks like", for error details. */
final class Expectations {
    private static final int MAX_ECHO = 100;

    private Expectations() {
    }

    static String of(Class<?> type) {
        if (type == null) {
            return "a value of the expected type";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant such as 2026-01-31T08:00:00Z";
        }
        if (type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "an ISO-8601 date-time with offset such as 2026-01-31T15:00:00+07:00";
        }
        if (type == LocalDate.class) {
            return "an ISO-8601 date such as 2026-01-31";
        }
        if (type == LocalDateTime.class) {
            return "an ISO-8601 date-time such as 2026-01-31T15:00:00";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT15M";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        return "a " + type.getSimpleName();
    }

    /** "name: 'value' is not a valid Type; expected ..."; the value is hidden for secret-looking names. */
    static String invalidValue(String name, Object value, Class<?> type) {
        String typeName = type == null ? "value" : type.getSimpleName();
        return name + ": " + echo(name, value) + " is not a valid " + typeName + "; expected " + of(type);
    }

    static String echo(String name, Object value) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.contains("token") || lower.contains("secret")) {
            return "the value";
        }
        String s = String.valueOf(value);
        return "'" + (s.length() > MAX_ECHO ? s.substring(0, MAX_ECHO) + "..." : s) + "'";
    }
}
