package org.hanedge.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package) started by the tests: a fresh cluster in a temp
 * directory ({@code initdb}, UTF-8, locale C.UTF-8, trust authentication, superuser {@code postgres}), listening on a
 * free port of 127.0.0.1 with its Unix socket inside that directory, tuned for tests (no fsync). {@link #close()}
 * stops it (fast shutdown) and deletes the directory.
 * <p>
 * PostgreSQL refuses to run as root: when the JVM runs as root (CI does), the cluster is created and run as the
 * {@code postgres} system user (created by the Debian package) through {@code runuser}.
 * <p>
 * Starting takes a second or two; tests normally share {@link #shared()}, started on first use and stopped when the
 * JVM exits, and give each test its own database ({@link #createDatabase(String)}).
 */
public final class PostgresServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final List<String> SERVER_BINARIES = List.of("initdb", "pg_ctl", "postgres", "psql");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final boolean asPostgresUser;
    private int port;
    private boolean running;

    /** Thrown when the server cannot be found, created or started; the message says what to do. */
    public static final class PostgresException extends RuntimeException {
        public PostgresException(String message) {
            super(message);
        }

        public PostgresException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private PostgresServer(Path bin, Path dir, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates a fresh cluster and starts it; the caller closes it. */
    public static PostgresServer start() {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            dir = Files.createTempDirectory("hanedge-pg");
        } catch (IOException e) {
            throw new PostgresException("cannot create a directory for PostgreSQL: " + e.getMessage(), e);
        }
        if (root) {
            try {
                Files.setOwner(dir, postgresUser(dir));
            } catch (IOException | RuntimeException e) {
                deleteTree(dir);
                throw e instanceof PostgresException p ? p
                        : new PostgresException("cannot give " + dir + " to user " + SUPERUSER + ": " + e, e);
            }
        }
        PostgresServer server = new PostgresServer(bin, dir, root);
        try {
            server.initdb();
            server.startServer();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The JVM-wide server: started on first use, stopped by a shutdown hook. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            PostgresServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-server-stop"));
            shared = server;
        }
        return shared;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String createDatabase(String name) {
        execute("CREATE DATABASE " + checkName(name));
        return jdbcUrl(name);
    }

    /**
     * Creates a database as a copy of {@code template} (which must have no open connections) and returns its JDBC
     * URL: far cheaper than migrating a schema again.
     */
    public String createDatabase(String name, String template) {
        execute("CREATE DATABASE " + checkName(name) + " TEMPLATE " + checkName(template));
        return jdbcUrl(name);
    }

    /** Drops a database, disconnecting its clients; nothing happens if it does not exist. */
    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + checkName(name) + " WITH (FORCE)");
    }

    /** Runs SQL as the superuser in the {@code postgres} database (psql; fails on the first error). */
    public void execute(String sql) {
        if (!running) {
            throw new IllegalStateException("PostgreSQL server is not running");
        }
        run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", String.valueOf(port), "-U", SUPERUSER, "-d", "postgres", "-c", sql), false, "psql");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + checkName(database);
    }

    /** The superuser; authentication is {@code trust}, so any password (e.g. the empty one) is accepted. */
    public String username() {
        return SUPERUSER;
    }

    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    /** The server's directory of binaries, e.g. {@code /usr/lib/postgresql/15/bin}. */
    public Path binaries() {
        return bin;
    }

    /** The server log (for diagnosing a failed test). */
    public Path log() {
        return dir.resolve("server.log");
    }

    @Override
    public synchronized void close() {
        try {
            if (running) {
                running = false;
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                        "-t", String.valueOf(COMMAND_TIMEOUT_SECONDS), "stop"), asPostgresUser, "pg_ctl stop");
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** C.UTF-8 (code-point order like H2, Unicode upper/lower case); plain C where the system lacks it. */
    private void initdb() {
        try {
            initdb("C.UTF-8");
        } catch (PostgresException e) {
            if (!e.getMessage().contains("locale")) {
                throw e;
            }
            deleteTree(data);
            initdb("C");
        }
    }

    private void initdb(String locale) {
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--locale=" + locale, "--no-sync", "--no-instructions"), asPostgresUser, "initdb");
    }

    private void startServer() {
        // the port is free when chosen; another process may take it before postgres binds it, so retry
        PostgresException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            String options = String.join(" ", "-c listen_addresses=127.0.0.1", "-c port=" + port,
                    "-c unix_socket_directories=" + dir, "-c fsync=off", "-c synchronous_commit=off",
                    "-c full_page_writes=off", "-c shared_buffers=32MB", "-c max_connections=200", "-c jit=off",
                    "-c max_wal_size=256MB", "-c log_min_messages=warning");
            try {
                // -w: pg_ctl polls until the server accepts connections, at most -t seconds
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log().toString(),
                        "-o", options, "-w", "-t", String.valueOf(START_TIMEOUT_SECONDS), "start"),
                        asPostgresUser, "pg_ctl start");
                running = true;
                return;
            } catch (PostgresException e) {
                last = e;
                if (!logMentions("could not bind")) {
                    break;
                }
            }
        }
        throw new PostgresException(last.getMessage() + "\nserver log:\n" + tail(log()), last);
    }

    private void run(List<String> command, boolean asPostgres, String what) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            String runuser = Files.isExecutable(Path.of("/usr/sbin/runuser")) ? "/usr/sbin/runuser" : "runuser";
            full.addAll(List.of(runuser, "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        Path output = null;
        try {
            output = Files.createTempFile("hanedge-pg-cmd", ".log");
            ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("LC_ALL", "C");
            builder.environment().put("PGCONNECT_TIMEOUT", "10");
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new PostgresException(what + " did not finish within " + (COMMAND_TIMEOUT_SECONDS + 10)
                        + " s: " + Files.readString(output, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0) {
                throw new PostgresException(what + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new PostgresException(what + " could not be run (" + String.join(" ", full) + "): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresException(what + " interrupted", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin}, else the directory of {@code pg_ctl} on the PATH. */
    static Path findBinaries() {
        return findBinaries(DEBIAN_ROOT, System.getenv().getOrDefault("PATH", ""));
    }

    static Path findBinaries(Path debianRoot, String path) {
        if (Files.isDirectory(debianRoot)) {
            try (Stream<Path> versions = Files.list(debianRoot)) {
                Path newest = versions.map(v -> v.resolve("bin")).filter(PostgresServer::hasServerBinaries)
                        .max(Comparator.comparingDouble(PostgresServer::version)).orElse(null);
                if (newest != null) {
                    return newest;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String entry : path.split(":")) {
            if (!entry.isEmpty() && hasServerBinaries(Path.of(entry))) {
                return Path.of(entry);
            }
        }
        throw new PostgresException("PostgreSQL server binaries (" + String.join(", ", SERVER_BINARIES)
                + ") not found in " + debianRoot + "/<version>/bin or on the PATH: install the Debian package "
                + "'postgresql' (apt-get install postgresql; ./hanedge test does when run as root)");
    }

    private static boolean hasServerBinaries(Path dir) {
        return SERVER_BINARIES.stream().allMatch(b -> Files.isExecutable(dir.resolve(b)));
    }

    private static double version(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static UserPrincipal postgresUser(Path dir) {
        try {
            return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
        } catch (IOException e) {
            throw new PostgresException("running as root, PostgreSQL must run as the system user '" + SUPERUSER
                    + "', which does not exist: install the Debian package 'postgresql' (it creates the user)", e);
        }
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name
                    + "' is not a plain lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters)");
        }
        return name;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean logMentions(String text) {
        try {
            return Files.exists(log()) && Files.readString(log(), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory left behind
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
