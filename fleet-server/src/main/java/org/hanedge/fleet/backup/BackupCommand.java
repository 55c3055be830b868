package org.hanedge.fleet.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's commands, run from the server's jar without starting the server ({@code ./hanedge fleet-server
 * backup|restore ...}):
 *
 * <pre>
 * backup  [--server URL] [--user NAME] (--password-file F | --password-env VAR | --demo) [--out FILE]
 * restore FILE [--data DIR | --jdbc-url URL --db-user U [--db-password-file F | --db-password-env VAR]]
 *         [--pg-restore PROGRAM] [--force]
 * </pre>
 *
 * Exit code 0 on success, 1 when the backup or restore failed (the message says why), 2 on a usage error.
 */
public final class BackupCommand {
    private static final Set<String> FLAGS = Set.of("--force", "--demo");
    static final String USAGE = """
            usage: ./hanedge fleet-server backup [--server URL] [--user NAME] (--password-file F | --password-env VAR | --demo)
                                                 [--out FILE]
                     online backup of the running server's database, with progress, to a 0600 file
                   ./hanedge fleet-server restore FILE [--data DIR | --jdbc-url URL --db-user U
                                                 [--db-password-file F | --db-password-env VAR]] [--pg-restore PROGRAM] [--force]
                     restore a backup with the server stopped; the archive is checked first (docs/fleet-server.md)""";

    private BackupCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        if (args.isEmpty() || !(args.get(0).equals("backup") || args.get(0).equals("restore"))) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> opts = new HashMap<>();
        String file = null;
        try {
            for (int i = 1; i < args.size(); i++) {
                String a = args.get(i);
                if (FLAGS.contains(a)) {
                    opts.put(a, "true");
                } else if (a.startsWith("--")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    opts.put(a, args.get(++i));
                } else if (file == null) {
                    file = a;
                } else {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
            }
            if (args.get(0).equals("backup")) {
                return backup(opts, env, out);
            }
            if (file == null) {
                throw new IllegalArgumentException("the backup FILE is missing");
            }
            return restore(Path.of(file), opts, env, out);
        } catch (IllegalArgumentException e) {
            err.println(args.get(0) + ": " + e.getMessage());
            return 2;
        } catch (BackupException e) {
            err.println(args.get(0) + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println(args.get(0) + ": failed: " + e);
            return 1;
        }
    }

    private static int backup(Map<String, String> o, Map<String, String> env, PrintStream out) throws Exception {
        URI server = URI.create(o.getOrDefault("--server", "http://localhost:8080"));
        boolean demo = o.containsKey("--demo");
        char[] password = demo ? "admin".toCharArray() : secret(o, env, "--password-file", "--password-env");
        String out2 = o.get("--out");
        new BackupClient(server, demo ? "admin" : o.getOrDefault("--user", "admin"), password, out)
                .backup(out2 == null ? null : Path.of(out2), Duration.ofSeconds(1));
        return 0;
    }

    private static int restore(Path file, Map<String, String> o, Map<String, String> env, PrintStream out)
            throws Exception {
        boolean force = o.containsKey("--force");
        try (BackupArchive archive = BackupArchive.open(file)) {
            BackupManifest m = archive.manifest();
            out.println("restore: " + file + " is complete: " + m.kind() + " backup of " + m.createdAt()
                    + ", schema version " + m.schemaVersion());
            SchemaVersions.checkCompatible(m.migrations(), SchemaVersions.known());
            String url = o.get("--jdbc-url");
            if (m.kind() == DatabaseKind.H2) {
                if (url != null) {
                    throw new IllegalArgumentException("--jdbc-url: this is an H2 backup; give the data directory"
                            + " (--data DIR)");
                }
                Path data = Path.of(o.getOrDefault("--data", "run/fleet"));
                Path db = H2Restore.restore(archive, data, force, out);
                out.println("restore: done, " + db + " (start the server with this data directory)");
            } else {
                if (url == null) {
                    throw new IllegalArgumentException("--jdbc-url: a PostgreSQL backup needs the target database"
                            + " (jdbc:postgresql://host:port/database)");
                }
                String user = o.get("--db-user");
                boolean hasPassword = o.containsKey("--db-password-file") || o.containsKey("--db-password-env");
                String pw = hasPassword ? new String(secret(o, env, "--db-password-file", "--db-password-env")) : null;
                PgRestore.restore(archive, url, user, pw, o.getOrDefault("--pg-restore", "pg_restore"),
                        force, out);
                out.println("restore: done, database " + url);
            }
        }
        return 0;
    }

    private static char[] secret(Map<String, String> o, Map<String, String> env, String fileOption, String envOption)
            throws IOException {
        if (o.containsKey(envOption)) {
            String v = env.get(o.get(envOption));
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(envOption + ": environment variable " + o.get(envOption)
                        + " is not set or empty");
            }
            return v.toCharArray();
        }
        if (!o.containsKey(fileOption)) {
            throw new IllegalArgumentException("the password is missing: give " + fileOption + " FILE or "
                    + envOption + " VAR");
        }
        Path f = Path.of(o.get(fileOption));
        if (!Files.isReadable(f)) {
            throw new IllegalArgumentException(fileOption + ": " + f + " cannot be read");
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            throw new IllegalArgumentException(fileOption + ": " + f + " is empty");
        }
        return lines.get(0).toCharArray();
    }
}
