package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ProfileDocument;
import org.hanedge.simulators.link.LinkRelay;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Remote configuration end to end in the real runtime (Felix, the distribution's bundles, gw-config-agent): a
 * simulated lake sonde over Modbus TCP, a real mosquitto reached through a link the test can cut, the fleet server
 * played by the test (retained {@code config/desired}, {@code config/reported} read by the city backend's
 * subscriber). Health window 5 s.
 */
class RemoteConfigIT {
    private static final String GATEWAY = "gw-remote-config-it";
    private static final String WINDOW = "5s";
    private static final long WINDOW_MS = 5_000;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private ModbusTcpSlave lake;
    private MosquittoBroker broker;
    private LinkRelay link;
    private UplinkSubscriber backend;
    private DesiredPublisher server;
    private FelixGateway gateway;
    private Path site;

    @BeforeEach
    void startSite() throws Exception {
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "lake");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        SimulatedSite.fill(bank, 3);
        lake = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0);
        open.add(lake);
        broker = MosquittoBroker.create(dir.resolve("broker")).start();
        open.add(broker);
        link = LinkRelay.onFreePort("127.0.0.1", broker.port());
        open.add(link);
        backend = new UplinkSubscriber(broker.uri(), "city-backend");
        open.add(backend);
        server = new DesiredPublisher(broker.uri());
        open.add(server);
        site = dir.resolve("site.yaml");
        writeSite(1);
        gateway = FelixGateway.start(site, dir.resolve("felix"));
        open.add(gateway);
        await("telemetry flows").atMost(ofSeconds(60)).until(() -> backend.seqs(GATEWAY).size() >= 5);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void writeSite(int unitId) throws Exception {
        Files.writeString(site, """
                gateway: { id: %s }
                profiles: profiles
                devices:
                  - { id: lake-1, profile: lake, modbus: { transport: tcp, port: %d, unitId: %d } }
                uplink: { broker: 'tcp://127.0.0.1:%d', username: %s, password: s3cret-in-the-file,
                          reconnectMin: 200ms, reconnectMax: 1s }
                remoteConfig: { healthWindow: %s }
                """.formatted(GATEWAY, lake.port(), unitId, link.port(), GATEWAY, WINDOW));
    }

    /** The site document the fleet would push: the file's, without the credential, with a unit id and deadband. */
    private Map<String, Object> pushed(int unitId, double deadband) {
        return DesiredPublisher.site("""
                {"gateway": {"id": "%s"}, "profiles": "profiles",
                 "devices": [{"id": "lake-1", "profile": "lake",
                              "modbus": {"transport": "tcp", "port": %d, "unitId": %d}}],
                 "uplink": {"broker": "tcp://127.0.0.1:%d", "reconnectMin": "200ms", "reconnectMax": "1s"},
                 "rules": {"deadbands": {"lake-1/ph": %s}},
                 "remoteConfig": {"healthWindow": "%s"}}
                """.formatted(GATEWAY, lake.port(), unitId, link.port(), deadband, WINDOW));
    }

    private List<JsonNode> reports() {
        return backend.messages(GATEWAY, "config/reported");
    }

    private Optional<JsonNode> report(long version, String status) {
        return reports().stream().filter(r -> r.get("version").asLong() == version
                && r.get("status").asText().equals(status)).findFirst();
    }

    private JsonNode awaitReport(long version, String status, long seconds) {
        return await(status + " " + version).atMost(ofSeconds(seconds))
                .until(() -> report(version, status), Optional::isPresent).orElseThrow();
    }

    @Test
    void aChangedDeadbandIsAppliedReportedAndInConfigAdmin() throws Exception {
        server.push(GATEWAY, 1, pushed(1, 0.5));
        JsonNode applying = awaitReport(1, "APPLYING", 30);
        assertEquals(0, applying.get("lastGood").asLong(), "the site file is the last good before the first push");
        JsonNode applied = awaitReport(1, "APPLIED", 30);
        assertEquals(1, applied.get("lastGood").asLong());
        assertEquals(GATEWAY, applied.get("gateway").asText());
        assertEquals(0, applied.get("errors").size());

        assertEquals(List.of("lake-1/ph=0.5"),
                List.of((String[]) gateway.configuration("org.hanedge.gateway.rules").get("deadband.overrides")));
        assertEquals(1L, gateway.configuration("org.hanedge.gateway.site").get("config.version"));
        Map<String, Object> uplink = gateway.configuration("org.hanedge.gateway.uplink.mqtt");
        assertEquals("s3cret-in-the-file", uplink.get("password"), "the credential comes from the site file");
        assertFalse(reports().toString().contains("s3cret"), "no report carries the password");
    }

    @Test
    void aWrongUnitIdIsRolledBackWithinTheWindowAndTheOldConfigurationKeepsSending() throws Exception {
        server.push(GATEWAY, 1, pushed(1, 0.5));
        awaitReport(1, "APPLIED", 30);

        server.push(GATEWAY, 2, pushed(9, 0.5));
        awaitReport(2, "APPLYING", 30);
        long applyingSeen = System.nanoTime();
        assertEquals(9, gateway.configuration("org.hanedge.gateway.modbus.device~lake-1").get("unit.id"));
        JsonNode rolledBack = awaitReport(2, "ROLLED_BACK", 30);
        long tookMs = (System.nanoTime() - applyingSeen) / 1_000_000;
        assertTrue(tookMs < WINDOW_MS + 3_000, "rolled back " + tookMs + " ms after APPLYING: within the window");
        assertEquals(1, rolledBack.get("lastGood").asLong());
        JsonNode error = rolledBack.get("errors").get(0);
        assertEquals("devices[0]", error.get("path").asText());
        assertTrue(error.get("message").asText().startsWith("device lake-1 does not answer"), error.toString());

        assertEquals(1, gateway.configuration("org.hanedge.gateway.modbus.device~lake-1").get("unit.id"),
                "the old configuration is in force again");
        assertEquals(1L, gateway.configuration("org.hanedge.gateway.site").get("config.version"));
        double after = Instant.parse(rolledBack.get("time").asText()).toEpochMilli() / 1000.0 + 1;
        await("good readings with the old unit id after the rollback").atMost(ofSeconds(30))
                .until(() -> backend.records(GATEWAY).stream().anyMatch(r -> r.device().equals("lake-1")
                        && r.time() > after && "GOOD".equals(r.quality()) && r.value() != null));
        assertEquals(List.of(), backend.errors());
    }

    @Test
    void anUplinkThatCannotConnectIsRolledBackAndReportedOverTheOldOne() throws Exception {
        Map<String, Object> unreachable = pushed(1, 0.5);
        @SuppressWarnings("unchecked")
        Map<String, Object> uplink = (Map<String, Object>) unreachable.get("uplink");
        uplink.put("broker", "tcp://127.0.0.1:1"); // nothing listens there
        server.push(GATEWAY, 1, unreachable);
        awaitReport(1, "APPLYING", 30);
        JsonNode rolledBack = awaitReport(1, "ROLLED_BACK", 60);
        assertEquals("uplink", rolledBack.get("errors").get(0).get("path").asText(), rolledBack.toString());
        assertEquals(0, rolledBack.get("lastGood").asLong());
        assertEquals("tcp://127.0.0.1:" + link.port(),
                gateway.configuration("org.hanedge.gateway.uplink.mqtt").get("broker.uri"));
        assertEquals(null, gateway.configuration("org.hanedge.gateway.site").get("config.version"),
                "back on the site file");
        long seqs = backend.seqs(GATEWAY).size();
        await("telemetry flows again").atMost(ofSeconds(30)).until(() -> backend.seqs(GATEWAY).size() > seqs + 3);
    }

    @Test
    void anInvalidDocumentIsRejectedNamingTheFieldAndNothingIsApplied() throws Exception {
        server.push(GATEWAY, 1, pushed(300, 0.5));
        JsonNode rejected = awaitReport(1, "REJECTED", 30);
        assertEquals("devices[0].modbus.unitId", rejected.get("errors").get(0).get("path").asText());
        assertEquals("must be an integer from 0 to 247, not '300'",
                rejected.get("errors").get(0).get("message").asText());
        assertEquals(0, rejected.get("lastGood").asLong());

        Map<String, Object> withPassword = pushed(1, 0.5);
        @SuppressWarnings("unchecked")
        Map<String, Object> uplink = (Map<String, Object>) withPassword.get("uplink");
        uplink.put("password", "pushed-secret");
        server.push(GATEWAY, 2, withPassword);
        JsonNode refused = awaitReport(2, "REJECTED", 30);
        assertEquals("uplink.password", refused.get("errors").get(0).get("path").asText());
        assertFalse(refused.toString().contains("pushed-secret"));

        assertTrue(report(1, "APPLYING").isEmpty() && report(2, "APPLYING").isEmpty(), "nothing was applied");
        assertEquals(null, gateway.configuration("org.hanedge.gateway.site").get("config.version"));
        assertEquals(1, gateway.configuration("org.hanedge.gateway.modbus.device~lake-1").get("unit.id"));
    }

    @Test
    void aCarriedProfileIsCheckedWithTheGatewaysParserAndNotInstalled() throws Exception {
        String lakeYaml = Files.readString(dir.resolve("profiles").resolve("lake.yaml"));
        String broken = lakeYaml.replaceFirst("type: float32", "type: float33");
        server.push(GATEWAY, ConfigDocuments.write(new DesiredConfig(1, pushed(1, 0.5), Map.of("lake", "1.1.0"),
                Map.of("lake", new ProfileDocument("1.1.0", sha256(broken), broken)), null, null, null)));
        JsonNode rejected = awaitReport(1, "REJECTED", 30);
        assertEquals("profiles.lake", rejected.get("errors").get(0).get("path").asText());
        assertTrue(rejected.get("errors").get(0).get("message").asText().contains("float33"), rejected.toString());

        // a sound new version: the agent does not install carried profiles yet, so the version check refuses it
        String newer = lakeYaml.replaceFirst("(?m)^version: 1\\.1\\.0$", "version: 1.2.0");
        server.push(GATEWAY, ConfigDocuments.write(new DesiredConfig(2, pushed(1, 0.5), Map.of("lake", "1.2.0"),
                Map.of("lake", new ProfileDocument("1.2.0", sha256(newer), newer)), null, null, null)));
        JsonNode refused = awaitReport(2, "REJECTED", 30);
        assertEquals("profileVersions.lake", refused.get("errors").get(0).get("path").asText(), refused.toString());

        assertTrue(report(1, "APPLYING").isEmpty() && report(2, "APPLYING").isEmpty(), "nothing was applied");
        assertEquals(lakeYaml, Files.readString(dir.resolve("profiles").resolve("lake.yaml")), "profile unchanged");
        assertEquals(null, gateway.configuration("org.hanedge.gateway.site").get("config.version"));
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aConfigurationPushedWhileTheLinkIsCutIsAppliedWhenItReturns() throws Exception {
        link.cut();
        long pendingBefore = gateway.outboxStats().totalPending();
        await("the gateway is cut off: readings pile up in its outbox").atMost(ofSeconds(30))
                .until(() -> gateway.outboxStats().totalPending() > pendingBefore + 3);
        server.push(GATEWAY, 1, pushed(1, 0.25));
        assertTrue(report(1, "APPLYING").isEmpty(), "not received while cut off");
        assertEquals(0, ((String[]) gateway.configuration("org.hanedge.gateway.rules").get("deadband.overrides"))
                .length);

        link.restore();
        awaitReport(1, "APPLIED", 60);
        assertEquals(List.of("lake-1/ph=0.25"),
                List.of((String[]) gateway.configuration("org.hanedge.gateway.rules").get("deadband.overrides")));
    }

    @Test
    void aLocalEditOfTheSiteFileIsReportedAsDriftNotApplied() throws Exception {
        server.push(GATEWAY, 1, pushed(1, 0.5));
        awaitReport(1, "APPLIED", 30);
        writeSite(2);
        JsonNode drift = awaitReport(1, "DRIFT", 30);
        JsonNode error = drift.get("errors").get(0);
        assertEquals("devices[0].modbus.unitId", error.get("path").asText());
        assertTrue(error.get("message").asText().contains("(1 -> 2)"), error.toString());
        assertEquals(1, gateway.configuration("org.hanedge.gateway.modbus.device~lake-1").get("unit.id"),
                "the pushed configuration stays in force");

        writeSite(1);
        await("back to APPLIED").atMost(ofSeconds(30)).until(() -> {
            List<JsonNode> r = reports();
            JsonNode last = r.get(r.size() - 1);
            return last.get("status").asText().equals("APPLIED") && last.get("version").asLong() == 1;
        });
    }
}
