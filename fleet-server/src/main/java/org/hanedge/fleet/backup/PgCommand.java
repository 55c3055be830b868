package org.hanedge.fleet.backup;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of PostgreSQL's client programs ({@code pg_dump}, {@code pg_restore}) for the database of a JDBC URL
 * {@code jdbc:postgresql://host[:port]/database[?...]}; the password goes in the environment ({@code PGPASSWORD}),
 * never on the command line.
 */
record PgCommand(String host, int port, String database, String user) {

    static PgCommand of(String jdbcUrl, String user) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new BackupException("database URL must be jdbc:postgresql://host[:port]/database, not " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || db.isEmpty()) {
            throw new BackupException("database URL " + jdbcUrl + ": host and database name are required");
        }
        return new PgCommand(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db, user);
    }

    /** {@code program --host .. --port .. --username .. --dbname ..} followed by the extra arguments. */
    List<String> command(String program, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(program, "--host=" + host, "--port=" + port, "--dbname=" + database,
                "--no-password"));
        if (user != null && !user.isBlank()) {
            cmd.add("--username=" + user);
        }
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Runs the command with {@code PGPASSWORD}; a {@link BackupException} with its error output if it fails. */
    static void run(List<String> command, String password) throws java.io.IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            throw new BackupException(command.get(0) + " could not be started (" + e.getMessage() + "): install the"
                    + " PostgreSQL client programs or set the path to them");
        }
        byte[] output = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        if (rc != 0) {
            String text = new String(output, java.nio.charset.StandardCharsets.UTF_8).strip();
            throw new BackupException(command.get(0) + " failed (exit " + rc + "): "
                    + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text));
        }
    }
}
