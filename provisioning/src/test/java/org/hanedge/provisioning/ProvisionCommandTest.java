package org.hanedge.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.hanedge.sites.CredentialsCsv;
import org.hanedge.sites.GatewayCredential;
import org.hanedge.testing.FleetServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;

/** The technician's tool against the real fleet server jar (its own JVM, demo accounts, a two-site seed). */
class ProvisionCommandTest {
    private static final String HEADER = "site_id,kind,name,name_local,district,lat,lon,profile,note\n";
    private static FleetServerProcess server;
    private static Path sites;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        Path seed = shared.resolve("seed.csv");
        Files.writeString(seed, HEADER
                + "LAKE-01,lake,Thac Gian lake,Hồ Thạc Gián,Thanh Khe,16.07388,108.19013,lake,pilot 2018\n"
                + "PS-07,pump-station,Seeded as a pump station,,Hai Chau,16.06,108.2,pump-station,\n");
        // the technician's file: one site the server does not know yet, one it knows, one registered differently
        sites = shared.resolve("sites.csv");
        Files.writeString(sites, HEADER
                + "LAKE-01,lake,Thac Gian lake,Hồ Thạc Gián,Thanh Khe,16.07388,108.19013,lake,pilot 2018\n"
                + "INT-901,intersection,\"Le Duan - Tran Phu, north\",Lê Duẩn,Hai Chau,16.03,108.21,intersection,new\n"
                + "PS-07,lake,Not a pump station,,Hai Chau,16.06,108.2,lake,\n");
        server = FleetServerProcess.start(Path.of(System.getProperty("hanedge.fleet.jar")), shared.resolve("fleet"),
                Path.of(System.getProperty("hanedge.profiles")), seed, "384m");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Path devices(String yaml) throws Exception {
        Path f = dir.resolve("devices.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new picocli.CommandLine(new ProvisionCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env)).setErr(new java.io.PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String url() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    @Test
    void registersANewSiteIssuesItsCredentialAndWritesAPrivateConfigTheBrokerAccepts() throws Exception {
        Path out = dir.resolve("etc/site.yaml");
        Path pw = dir.resolve("admin.pw");
        Files.writeString(pw, "admin\n");
        Run r = run(Map.of(), "--server", url(), "--password-file", pw.toString(), "--site", "INT-901",
                "--sites", sites.toString(), "--profiles", "/opt/hanedge/profiles",
                "--devices", devices("devices:\n  - { id: int-sim, profile: intersection, modbus: { transport: tcp, "
                        + "host: 127.0.0.1, port: 5020 } }\n").toString(), "--out", out.toString());

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("INT-901") && r.out().contains("registered"), r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Map<String, Object> doc = new Yaml().load(Files.readString(out));
        assertEquals(Map.of("id", "INT-901"), doc.get("gateway"));
        assertEquals("/opt/hanedge/profiles", doc.get("profiles"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> devs = (List<Map<String, Object>>) doc.get("devices");
        assertEquals("int-sim", devs.get(0).get("id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> uplink = (Map<String, Object>) doc.get("uplink");
        assertEquals("INT-901", uplink.get("username"));
        assertEquals(server.brokerUri(), uplink.get("broker"));
        String password = (String) uplink.get("password");
        assertTrue(password != null && password.length() >= 16, "a real password");
        assertFalse(r.out().contains(password), "the summary never shows the password");

        JsonNode g = server.get("/api/v1/gateways/INT-901");
        assertEquals("intersection", g.get("kind").asText());
        assertEquals("Le Duan - Tran Phu, north", g.get("name").asText());
        assertEquals("Hai Chau", g.get("district").asText());

        // the written credential is the gateway's: the fleet server's broker lets it in
        MqttClient c = new MqttClient(server.brokerUri(), "INT-901", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("INT-901");
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        assertTrue(c.isConnected());
        c.disconnect();
        c.close();
    }

    @Test
    void simSpeedIsWrittenOnTheDevicesWiredToAGpioSimulatorOnly() throws Exception {
        Path out = dir.resolve("rig.yaml");
        Run r = run(Map.of(), "--server", url(), "--demo", "--site", "LAKE-01", "--sites", sites.toString(),
                "--sim-speed", "10", "--devices", devices("""
                        devices:
                          - { id: lake-sim, profile: lake, modbus: { transport: tcp, port: 5021 } }
                          - { id: rig-io, profile: pump-station, gpio: { provider: sim, simAddress: '127.0.0.1:5031' } }
                        """).toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, Object> doc = new Yaml().load(Files.readString(out));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> devs = (List<Map<String, Object>>) doc.get("devices");
        assertEquals(Map.of("transport", "tcp", "port", 5021), devs.get(0).get("modbus"));
        assertFalse(devs.get(0).containsKey("gpio"));
        assertEquals(Map.of("provider", "sim", "simAddress", "127.0.0.1:5031", "simSpeed", 10.0),
                devs.get(1).get("gpio"));

        Path refused = dir.resolve("field.yaml");
        Run field = run(Map.of(), "--server", url(), "--demo", "--site", "LAKE-01", "--sites", sites.toString(),
                "--sim-speed", "10", "--devices", devices(
                        "devices:\n  - { id: ps-io, profile: pump-station, gpio: { provider: gpiod } }\n").toString(),
                "--out", refused.toString());
        assertEquals(1, field.code(), field.out());
        assertEquals("provision: --sim-speed 10.0: device ps-io uses gpio provider gpiod; only devices wired to a "
                + "GPIO simulator (provider: sim) run in simulated time", field.err().strip());
        assertFalse(Files.exists(refused));

        Run zero = run(Map.of(), "--server", url(), "--demo", "--site", "LAKE-01", "--sites", sites.toString(),
                "--sim-speed", "0", "--devices", devices("devices:\n  - { id: lake-sim, profile: lake, "
                        + "modbus: { transport: tcp, port: 5021 } }\n").toString(), "--out", refused.toString());
        assertEquals(1, zero.code());
        assertEquals("provision: --sim-speed 0.0: must be a number greater than 0 and at most 10000",
                zero.err().strip());
    }

    @Test
    void aSiteAlreadyRegisteredAsTheSameSiteIsProvisionedAgain() throws Exception {
        Path out = dir.resolve("lake.yaml");
        Run r = run(Map.of("ADMIN_PW", "admin"), "--server", url(), "--password-env", "ADMIN_PW", "--site", "LAKE-01",
                "--sites", sites.toString(), "--broker", "tcp://gateway-side-name:1883", "--stats-interval", "10s",
                "--devices",
                devices("devices:\n  - { id: lake-sim, profile: lake, modbus: { transport: tcp, port: 5021 } }\n")
                        .toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("already registered, same site"), r.out());
        Map<String, Object> doc = new Yaml().load(Files.readString(out));
        assertEquals("tcp://gateway-side-name:1883", ((Map<?, ?>) doc.get("uplink")).get("broker"));
        assertEquals("10s", ((Map<?, ?>) doc.get("uplink")).get("statsInterval"));
    }

    @Test
    void aSiteRegisteredAsSomethingElseIsRefused() throws Exception {
        Path out = dir.resolve("ps.yaml");
        Run r = run(Map.of(), "--server", url(), "--demo", "--site", "PS-07", "--sites", sites.toString(),
                "--devices", devices("devices:\n  - { id: x, profile: lake, modbus: { transport: tcp } }\n").toString(),
                "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("PS-07 is already registered as a different site"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void clearOneLineErrors() throws Exception {
        Path out = dir.resolve("never.yaml");
        Path good = devices("devices:\n  - { id: x, profile: lake, modbus: { transport: tcp } }\n");
        Run wrong = run(Map.of("PW", "not-the-password"), "--server", url(), "--password-env", "PW", "--site",
                "LAKE-01", "--sites", sites.toString(), "--devices", good.toString(), "--out", out.toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("401 Unauthorized"), wrong.err());

        Run unknown = run(Map.of(), "--server", url(), "--demo", "--site", "NOPE-1", "--sites", sites.toString(),
                "--devices", good.toString(), "--out", out.toString());
        assertTrue(unknown.err().contains("site 'NOPE-1' is not in"), unknown.err());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "device:\n  - { id: x }\n");
        Run snippet = run(Map.of(), "--server", url(), "--demo", "--site", "LAKE-01", "--sites", sites.toString(),
                "--devices", bad.toString(), "--out", out.toString());
        assertTrue(snippet.err().contains("expected a 'devices:' list"), snippet.err());

        Run down = run(Map.of(), "--server", "http://127.0.0.1:" + FleetServerProcess.freePort(), "--demo", "--site",
                "LAKE-01", "--sites", sites.toString(), "--devices", good.toString(), "--out", out.toString());
        assertEquals(1, down.code());
        assertTrue(down.err().contains("unreachable"), down.err());

        Run noEnv = run(Map.of(), "--server", url(), "--password-env", "UNSET_VAR", "--site", "LAKE-01",
                "--sites", sites.toString(), "--devices", good.toString(), "--out", out.toString());
        assertTrue(noEnv.err().contains("UNSET_VAR is not set"), noEnv.err());

        Run interval = run(Map.of(), "--server", url(), "--demo", "--site", "LAKE-01", "--sites", sites.toString(),
                "--devices", good.toString(), "--out", out.toString(), "--stats-interval", "often");
        assertTrue(interval.err().contains("--stats-interval 'often': expected a duration such as 10s"),
                interval.err());

        for (Run r : List.of(unknown, snippet, noEnv, interval)) {
            assertEquals(1, r.code());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertFalse(Files.exists(out), "nothing written when a step fails");
    }

    @Test
    void bulkIssuesCredentialsForRegisteredSitesIntoAPrivateCsv() throws Exception {
        Path csv = dir.resolve("fleet/credentials.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new picocli.CommandLine(new BulkCredentialsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())).execute("--server", url(), "--demo",
                "--sites", sites.toString(), "--exclude", "INT-901,PS-07", "--out", csv.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));
        List<GatewayCredential> issued = CredentialsCsv.read(csv, null, 0);
        assertEquals(1, issued.size(), issued.toString());
        assertEquals("LAKE-01", issued.get(0).gatewayId());
        assertEquals("lake", issued.get(0).profile());
        assertEquals("lake-1", issued.get(0).deviceId());
        assertTrue(issued.get(0).password().length() >= 16);

        // all or nothing: a site the server does not know fails the call and writes nothing
        Path none = dir.resolve("none.csv");
        Path unknownSites = dir.resolve("unknown.csv");
        Files.writeString(unknownSites, HEADER + "GHOST-1,lake,Nowhere,,,,,lake,\n");
        int failed = new picocli.CommandLine(new BulkCredentialsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())).execute("--server", url(), "--demo",
                "--sites", unknownSites.toString(), "--out", none.toString());
        assertEquals(1, failed);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("HTTP 404"), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(none));
    }

    @Test
    void aPasswordOnTheCommandLineIsNotAnOption() {
        Run r = run(Map.of(), "--server", url(), "--password", "admin", "--site", "LAKE-01", "--devices", "d.yaml",
                "--out", "o.yaml");
        assertEquals(2, r.code());
    }
}
