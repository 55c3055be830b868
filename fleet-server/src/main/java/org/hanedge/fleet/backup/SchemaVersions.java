package org.hanedge.fleet.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.api.MigrationVersion;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Flyway schema versions: those applied to a database, and those this server's jar carries. */
public final class SchemaVersions {
    private static final Pattern MIGRATION = Pattern.compile("V([0-9][0-9_.]*)__.*\\.sql");

    private SchemaVersions() {
    }

    /** Successfully applied versioned migrations, in order; a {@link BackupException} if one failed. */
    public static List<String> applied(Connection connection) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                        + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    throw new BackupException("the database's Flyway history has a failed migration (version "
                            + rs.getString(1) + "): repair the schema before backing up or restoring");
                }
                versions.add(rs.getString(1));
            }
        }
        if (versions.isEmpty()) {
            throw new BackupException("the database has no Flyway history: it is not a fleet server database");
        }
        return versions;
    }

    /** The versions of the migrations on the class path ({@code db/migration/V*__*.sql}), ascending. */
    public static List<String> known() {
        try {
            List<String> versions = new ArrayList<>();
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/V*.sql")) {
                Matcher m = MIGRATION.matcher(String.valueOf(r.getFilename()));
                if (m.matches()) {
                    versions.add(m.group(1).replace('_', '.'));
                }
            }
            versions.sort(Comparator.comparing(MigrationVersion::fromVersion));
            return versions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks a backup's schema against this server: every version it has must be one this server knows (an older
     * backup is migrated forward on the next start; a newer one cannot be run by this server).
     */
    public static void checkCompatible(List<String> backup, List<String> known) {
        String latestKnown = known.isEmpty() ? "none" : known.get(known.size() - 1);
        for (String v : backup) {
            if (known.stream().noneMatch(k -> MigrationVersion.fromVersion(k).equals(MigrationVersion.fromVersion(v)))) {
                throw new BackupException("the backup has schema version " + v + " which this server does not know"
                        + " (it knows up to " + latestKnown + "): restore it with the server version that took it");
            }
        }
    }

    /** The highest of the versions. */
    public static String latest(List<String> versions) {
        return versions.stream().max(Comparator.comparing(MigrationVersion::fromVersion)).orElseThrow();
    }
}
