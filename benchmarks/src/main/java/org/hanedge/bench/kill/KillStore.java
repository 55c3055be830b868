package org.hanedge.bench.kill;

import java.util.Locale;

/** The fleet server's database in a kill soak. */
public enum KillStore {
    /** The default: an H2 file database in the server's data directory. */
    H2,
    /** A real PostgreSQL server (test-support's {@code PostgresServer}), which survives the fleet server's kills. */
    PG;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code h2} or {@code pg} (any case); anything else is refused naming the value. */
    public static KillStore of(String text) {
        for (KillStore s : values()) {
            if (s.id().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("store '" + text + "' is not one of h2, pg");
    }
}
