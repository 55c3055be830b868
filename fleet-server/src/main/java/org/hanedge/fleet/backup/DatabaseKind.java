package org.hanedge.fleet.backup;

/** The databases the server runs on, and the payload each kind of backup carries. */
public enum DatabaseKind {
    /** H2's {@code BACKUP TO}: a zip of the database file, consistent at one point in time. */
    H2("database.h2.zip"),
    /** {@code pg_dump --format=custom}: one snapshot (one repeatable-read transaction). */
    POSTGRESQL("database.pgdump");

    private final String payloadEntry;

    DatabaseKind(String payloadEntry) {
        this.payloadEntry = payloadEntry;
    }

    /** The zip entry of the backup file that holds the database. */
    public String payloadEntry() {
        return payloadEntry;
    }

    /** The kind of a JDBC URL; an error naming the URL's scheme if it is neither. */
    public static DatabaseKind ofJdbcUrl(String url) {
        if (url != null && url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        String scheme = url == null ? "(none)" : url.substring(0, Math.max(0, url.indexOf(':', 5)));
        throw new IllegalArgumentException("database URL " + scheme + "...: only jdbc:h2: and jdbc:postgresql: are"
                + " supported for backups");
    }
}
