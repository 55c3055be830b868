package org.hanedge.fleet.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What a backup file says about itself ({@code manifest.properties}, the zip's last entry: a file cut short has no
 * manifest). The payload's size and SHA-256 let a restore check the database part is complete before touching anything;
 * the Flyway versions say which schema the backup has.
 *
 * @param kind           the database the backup was taken from
 * @param createdAt      when the backup started
 * @param schemaVersion  the highest successfully applied Flyway version
 * @param migrations     every successfully applied Flyway version, in order
 * @param payloadBytes   size of the payload entry
 * @param payloadSha256  its SHA-256, hex
 * @param serverVersion  the server that took it
 */
public record BackupManifest(DatabaseKind kind, Instant createdAt, String schemaVersion, List<String> migrations,
        long payloadBytes, String payloadSha256, String serverVersion) {
    /** Name of the manifest's zip entry. */
    public static final String ENTRY = "manifest.properties";
    static final String FORMAT = "hanedge-fleet-backup/1";

    public void write(OutputStream out) throws IOException {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("database", kind.name());
        p.setProperty("created-at", createdAt.toString());
        p.setProperty("schema-version", schemaVersion);
        p.setProperty("migrations", String.join(",", migrations));
        p.setProperty("payload", kind.payloadEntry());
        p.setProperty("payload-bytes", Long.toString(payloadBytes));
        p.setProperty("payload-sha256", payloadSha256);
        p.setProperty("server-version", serverVersion);
        p.store(out, "HanEdge fleet server backup");
    }

    /** Reads a manifest; a {@link BackupException} naming the missing or wrong key. */
    public static BackupManifest read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new BackupException("manifest: format is " + p.getProperty("format") + ", expected " + FORMAT);
        }
        try {
            return new BackupManifest(DatabaseKind.valueOf(required(p, "database")),
                    Instant.parse(required(p, "created-at")), required(p, "schema-version"),
                    Arrays.asList(required(p, "migrations").split(",")), Long.parseLong(required(p, "payload-bytes")),
                    required(p, "payload-sha256"), p.getProperty("server-version", "unknown"));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new BackupException("manifest: " + e.getMessage());
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new BackupException("manifest: " + key + " is missing");
        }
        return v;
    }
}
