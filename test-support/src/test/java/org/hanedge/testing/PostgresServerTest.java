package org.hanedge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a JDBC driver here: psql (through {@link PostgresServer#execute}) proves the server answers SQL. */
class PostgresServerTest {

    @Test
    void startsAClusterCreatesDatabasesAndCleansUpOnClose() throws IOException {
        Path log;
        int port;
        try (PostgresServer server = PostgresServer.start()) {
            port = server.port();
            log = server.log();
            assertTrue(accepts(port), "listening on 127.0.0.1:" + port);
            assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/fleet_a", server.createDatabase("fleet_a"));
            server.execute("CREATE TABLE t (name VARCHAR(20)); INSERT INTO t VALUES ('Hồ Thạc Gián')");
            server.createDatabase("fleet_b", "fleet_a");
            server.dropDatabase("fleet_b");
            server.dropDatabase("fleet_b");
            PostgresServer.PostgresException e = assertThrows(PostgresServer.PostgresException.class,
                    () -> server.execute("SELECT * FROM no_such_table"));
            assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
            assertEquals("postgres", server.username());
        }
        assertFalse(accepts(port), "stopped");
        assertFalse(Files.exists(log.getParent()), "directory deleted");
    }

    @Test
    void rejectsDatabaseNamesThatAreNotPlainIdentifiers() {
        PostgresServer server = PostgresServer.shared();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> server.createDatabase("x; DROP DATABASE postgres"));
        assertTrue(e.getMessage().contains("x; DROP DATABASE postgres"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> server.jdbcUrl("Upper"));
    }

    @Test
    void findsTheNewestServerBinaries() {
        Path bin = PostgresServer.findBinaries();
        assertTrue(Files.isExecutable(bin.resolve("postgres")), bin.toString());
    }

    @Test
    void saysWhichPackageIsMissing(@TempDir Path empty) throws IOException {
        Files.createDirectories(empty.resolve("15/bin"));
        Files.createFile(empty.resolve("15/bin/psql")); // the client alone is not enough

        PostgresServer.PostgresException e = assertThrows(PostgresServer.PostgresException.class,
                () -> PostgresServer.findBinaries(empty, empty.resolve("15/bin").toString()));
        assertTrue(e.getMessage().contains("apt-get install postgresql"), e.getMessage());
        assertTrue(e.getMessage().contains("initdb"), e.getMessage());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
