package org.hanedge.bench.kill;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.hanedge.simulators.fleet.FleetSnapshot;
import org.hanedge.simulators.fleet.GatewayReport;
import org.hanedge.simulators.fleet.VirtualFleet;
import org.hanedge.sites.GatewayCredential;
import org.hanedge.sites.Site;
import org.hanedge.sites.SitesCsv;
import org.hanedge.sites.SitesCsvException;
import org.hanedge.testing.FleetServerProcess;
import org.hanedge.testing.PostgresServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 14's test as a harness: the fleet server's jar in its own JVM (H2 file database in the work directory, or a
 * real PostgreSQL server), a virtual fleet publishing at a sustained rate, and {@code rounds} times: wait until every
 * gateway is back online, a seeded random delay, SIGKILL the server's JVM, start it again on the same data. Then the
 * fleet drains its backlogs and stops, the server catches up its rollups and stops (SIGTERM), and its database is
 * read directly (JDBC): every acknowledged reading stored once, rollups equal to the raw rows, alarms consistent
 * with their transitions.
 */
public final class KillSoak {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] KINDS = { "lake", "pump-station", "intersection", "waste-truck", "fishing-boat" };
    private static final Duration ONLINE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration INGEST_IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final KillSettings s;
    private final PrintStream out;

    public KillSoak(KillSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    public KillFigures run() throws Exception {
        long t0 = System.nanoTime();
        deleteTree(s.dir());
        Files.createDirectories(s.dir());
        say(String.format(Locale.ROOT, "store %s: %d rounds, %d gateways x %.1f readings/s, seed %d", s.store().id(),
                s.rounds(), s.gateways(), s.rate(), s.seed()));
        PostgresServer pg = s.store() == KillStore.PG ? PostgresServer.start() : null;
        try {
            String url = pg == null ? "jdbc:h2:file:" + s.dir().resolve("server/db/fleet").toAbsolutePath()
                    : pg.createDatabase("fleet_kill");
            String user = pg == null ? "sa" : pg.username();
            String password = pg == null ? "" : pg.password();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= s.gateways(); i++) {
                ids.add(String.format(Locale.ROOT, "KILL-%04d", i));
            }
            List<String> args = new ArrayList<>(List.of("--hanedge.fleet.alarms.check-interval=1s",
                    "--hanedge.fleet.alarms.offline-after=6s", "--hanedge.fleet.ingest.rollup-interval-ms=1000"));
            if (pg != null) {
                args.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                        "--spring.datasource.password=" + password));
            }
            List<Long> starts = new ArrayList<>();
            List<GatewayReport> report;
            boolean caughtUp;
            long rollupErrors;
            try (FleetServerProcess server = FleetServerProcess.start(s.jar(), s.dir().resolve("server"), s.profiles(),
                    writeSites(ids), s.heap(), args.toArray(String[]::new))) {
                starts.add(server.lastStartTime().toMillis());
                say("server started in " + server.lastStartTime().toMillis() + " ms");
                report = soak(server, credentials(server, ids), starts);
                awaitIngestIdle(server);
                caughtUp = awaitRollups(server);
                rollupErrors = server.log().lines().filter(l -> l.contains("rollups: aggregation failed")).count();
            } // SIGTERM: an orderly stop, the database closed
            try (Connection db = DriverManager.getConnection(url, user, password)) {
                KillFigures f = new KillFigures(s, List.copyOf(starts), (System.nanoTime() - t0) / 1e9,
                        StoredSeqs.check(db, report), unresolvedDeadLetters(db), caughtUp, rollupErrors,
                        RollupCheck.check(db), AlarmCheck.check(db));
                out.print(f.text());
                return f;
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    /** The rounds under load; returns the fleet's final report, once it drained and stopped. */
    private List<GatewayReport> soak(FleetServerProcess server, List<GatewayCredential> gateways, List<Long> starts)
            throws Exception {
        Random random = new Random(s.seed());
        try (VirtualFleet fleet = VirtualFleet.builder().broker("127.0.0.1", server.mqttPort()).gateways(gateways)
                .profiles(s.profiles()).readingsPerSecond(s.rate()).publishInterval(s.interval()).connectRate(200)
                .seed(s.seed()).build()) {
            fleet.start();
            for (int round = 1; round <= s.rounds(); round++) {
                awaitOnline(fleet, "round " + round);
                long delay = random.nextLong(s.maxKillDelay().toMillis() + 1);
                Thread.sleep(delay); // the kill's seeded random moment, not a synchronisation
                ProcessHandle jvm = server.handle();
                String command = jvm.info().command().orElse("?");
                if (!command.endsWith("/java")) {
                    throw new IllegalStateException("the server process is " + command + ", not the JVM itself");
                }
                FleetSnapshot at = fleet.stats();
                long pid = server.kill();
                server.restart();
                starts.add(server.lastStartTime().toMillis());
                say(String.format(Locale.ROOT, "round %2d: SIGKILL pid %d %4d ms after all online (%d acked, %d in "
                        + "flight); restarted in %d ms", round, pid, delay, at.readingsAcked(), at.inFlight(),
                        server.lastStartTime().toMillis()));
            }
            awaitOnline(fleet, "after the last round");
            // the backlogs the last restart left are worked off (what remains is about one live pack per gateway) ...
            long live = (long) s.gateways() * fleet.recordsPerPack() * 2;
            await("the fleet's backlogs drained").atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> fleet.stats().backlogReadings() <= live);
            fleet.stop(Duration.ofSeconds(60)); // ... then it stops taking readings, sends the rest, disconnects
            FleetSnapshot end = fleet.stats();
            say(String.format(Locale.ROOT, "fleet stopped: %d readings acked, %d in backlogs, %d dropped, "
                    + "%d connections lost", end.readingsAcked(), end.backlogReadings(), end.readingsDropped(),
                    end.connectionsLost()));
            return fleet.report();
        }
    }

    /**
     * Waits until the server stored nothing more for 3 s: what the broker acknowledged but the server has not yet
     * stored (a queue in the broker) is worked off before the server is stopped, so it does not count as missing.
     */
    private void awaitIngestIdle(FleetServerProcess server) {
        double[] last = { -1 };
        await("the server's ingest idle").atMost(INGEST_IDLE_TIMEOUT).pollInterval(Duration.ofSeconds(3))
                .until(() -> {
                    double stored = server.metric("hanedge_ingest_readings_total");
                    boolean idle = stored == last[0];
                    last[0] = stored;
                    return idle;
                });
    }

    /**
     * Waits until the rollup job has aggregated everything committed (lag 0 for 2 s on end); false when it has not
     * within 3 minutes (the figures say so; the rollups are still compared with the raw rows up to their watermark).
     */
    private boolean awaitRollups(FleetServerProcess server) throws Exception {
        try {
            await("rollups caught up").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                    .during(Duration.ofSeconds(2)).until(() -> server.metric("hanedge_rollup_lag_seconds") == 0);
            return true;
        } catch (ConditionTimeoutException e) {
            say("rollups did not catch up within 180 s: lag " + server.metric("hanedge_rollup_lag_seconds") + " s");
            return false;
        }
    }

    private void awaitOnline(VirtualFleet fleet, String when) {
        await("every gateway online " + when).atMost(ONLINE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> fleet.stats().connectedNow() == s.gateways());
    }

    private List<GatewayCredential> credentials(FleetServerProcess server, List<String> ids) throws Exception {
        List<GatewayCredential> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            JsonNode issued = server.post("/api/v1/admin/mqtt-credentials/gateways",
                    JSON.writeValueAsString(Map.of("gatewayIds", chunk)));
            for (JsonNode c : issued) {
                String id = c.get("username").asText();
                String kind = KINDS[ids.indexOf(id) % KINDS.length];
                out.add(GatewayCredential.of(id, c.get("password").asText(), kind));
            }
        }
        return out;
    }

    private Path writeSites(List<String> ids) throws SitesCsvException {
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String kind = KINDS[i % KINDS.length];
            sites.add(new Site(ids.get(i), kind, "Kill soak " + ids.get(i), null, "Hai Chau", 16.06, 108.21, kind,
                    "kill soak"));
        }
        Path f = s.dir().resolve("sites.csv");
        SitesCsv.write(f, sites);
        return f;
    }

    /**
     * Dead letters still refused. A pack read before its gateway's birth (births come through the server's own
     * subscription, telemetry straight from the broker) is refused and replayed once the birth is stored: resolved.
     */
    private static long unresolvedDeadLetters(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM dead_letter"
                + " WHERE replay_outcome IS NULL OR replay_outcome NOT IN ('STORED', 'DUPLICATE')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void say(String line) {
        out.println("kill-soak [" + s.store().id() + "] " + line);
        out.flush();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
