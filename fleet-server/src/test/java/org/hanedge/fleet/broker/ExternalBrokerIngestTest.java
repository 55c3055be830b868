package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerApplication;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.ingest.IngestMetrics;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.hanedge.testing.MosquittoBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

/**
 * External broker mode against a real mosquitto 2 (MQTT 5, password file, the ACL of docs/fleet-broker.md): the
 * server runs no broker of its own and consumes through shared subscriptions, and two server instances in one
 * shared group on one database split a stream of telemetry, every reading stored exactly once, also when the
 * gateways resend it all. mosquitto hands a group's messages out in turn; with an odd number of gateways and of
 * messages each gateway's messages go to both servers, and many resends reach the server that did not store the
 * original, whose writer must then find the numbers in {@code ingest_seq} ({@code StoredSeqFilter}).
 */
class ExternalBrokerIngestTest {
    private static final String SERVER_PASSWORD = "server-secret-1";
    private static final List<String> GATEWAYS = List.of("EXT-1", "EXT-2", "EXT-3");
    private static final int MESSAGES_PER_GATEWAY = 41;

    @TempDir
    Path tmp;

    private MosquittoBroker broker;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    private MosquittoBroker startBroker() throws Exception {
        Path acl = tmp.resolve("acl");
        // docs/fleet-broker.md's example: the server reads and writes everything; a gateway (user name = its id,
        // mosquitto's %u) writes its uplink kinds and reads its downlink kinds under its own root
        StringBuilder rules = new StringBuilder("user hanedge-server\ntopic readwrite " + Topics.filterAll() + "\n\n");
        for (TopicKind kind : TopicKind.values()) {
            rules.append("pattern ").append(kind.direction() == TopicKind.Direction.UP ? "write " : "read ")
                    .append(Topics.filter("%u", kind)).append('\n');
        }
        Files.writeString(acl, rules);
        List<String> users = new ArrayList<>(List.of("hanedge-server", SERVER_PASSWORD));
        GATEWAYS.forEach(g -> users.addAll(List.of(g, password(g))));
        return MosquittoBroker.create(tmp.resolve("mosquitto")).withPasswords(users.toArray(String[]::new))
                .withConfig("acl_file " + acl).start();
    }

    private static String password(String gatewayId) {
        return "pw-" + gatewayId.toLowerCase();
    }

    private ConfigurableApplicationContext startServer(String name, String databaseUrl) {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(FleetServerApplication.class).run(
                "--server.port=0",
                "--hanedge.fleet.data-dir=" + tmp.resolve(name),
                "--spring.datasource.url=" + databaseUrl,
                "--hanedge.fleet.profiles-dir=" + FleetServerTest.projectPath("device-profiles"),
                "--hanedge.fleet.mqtt.mode=external",
                "--hanedge.fleet.mqtt.external-uri=" + broker.uri(),
                "--hanedge.fleet.mqtt.username=hanedge-server",
                "--hanedge.fleet.mqtt.password=" + SERVER_PASSWORD,
                "--hanedge.fleet.mqtt.client-id=hanedge-fleet-" + name);
        contexts.add(ctx);
        return ctx;
    }

    private static long readings(JdbcClient jdbc, String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?")
                .param(gatewayId).query(Long.class).single();
    }

    private static void registerLake(ConfigurableApplicationContext ctx, String id) {
        ctx.getBean(GatewayRegistry.class).register(List.of(new Site(id, "lake", "Hồ Đầm Sen " + id, "Hồ Đầm Sen",
                "Hai Chau", 16.05, 108.2, "lake", null, List.of("external"), List.of("lake"))));
    }

    private static String reading(String gatewayId, double value, double t, long seq) {
        return "[" + TestGateway.record(gatewayId + "/lake-sonde/", "water_level", "m", "\"v\":" + value, t, seq) + "]";
    }

    @Test
    void oneServerIngestsThroughMosquittoAndTwoSplitTheLoad() throws Exception {
        broker = startBroker();
        String db = "jdbc:h2:file:" + tmp.resolve("shared-db/fleet") + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_SERVER=FALSE";

        // one server: no broker of its own, telemetry and birth arrive through mosquitto
        ConfigurableApplicationContext a = startServer("a", db);
        assertThat(a.getBeansOfType(EmbeddedBroker.class)).isEmpty();
        assertThat(a.getBean(ServerMqttAccess.class)).isInstanceOf(ExternalBrokerAccess.class);
        assertThat(tmp.resolve("a/broker")).doesNotExist();
        JdbcClient jdbc = a.getBean(JdbcClient.class);
        GATEWAYS.forEach(g -> registerLake(a, g));
        double t = System.currentTimeMillis() / 1000.0 - 600;
        try (TestGateway gw = TestGateway.connect("EXT-1", password("EXT-1"), broker.port())) {
            gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
            gw.telemetry("[" + TestGateway.record("EXT-1/lake-sonde/", "water_level", "m", "\"v\":1.5", t, 1) + ","
                    + TestGateway.record(null, "ph", "pH", "\"v\":7.25", t, 2) + "]", 1, 2);
            await().untilAsserted(() -> assertThat(readings(jdbc, "EXT-1")).isEqualTo(2));
            assertThat(jdbc.sql("SELECT r.num FROM reading r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = 'EXT-1' ORDER BY r.seq").query(Double.class).list())
                    .containsExactly(1.5, 7.25);
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT online FROM gateway WHERE id = 'EXT-1'")
                    .query(Boolean.class).single()).isTrue());
        }
        // the ACL holds: a gateway cannot speak for another one (mosquitto refuses the message)
        Mqtt5BlockingClient impostor = MqttClient.builder().useMqttVersion5().identifier("EXT-1")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        impostor.connectWith().simpleAuth().username("EXT-1").password(password("EXT-1").getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        assertThatThrownBy(() -> impostor.publishWith().topic(TestGateway.root("EXT-2") + "telemetry")
                .qos(MqttQos.AT_LEAST_ONCE).contentType("application/senml+json")
                .payload(reading("EXT-2", 9.0, t, 1).getBytes(StandardCharsets.UTF_8)).send())
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        assertThat(impostor.getState().isConnected()).as("a refused publish does not disconnect").isTrue();
        impostor.disconnect();
        assertThat(a.getBean(IngestMetrics.class).storedCount()).isEqualTo(2);

        // a second server: same shared group and database, its own client id
        ConfigurableApplicationContext b = startServer("b", db);
        assertThat(b.getBeansOfType(EmbeddedBroker.class)).isEmpty();
        assertThat(tmp.resolve("b/broker")).doesNotExist();
        double storedByABefore = a.getBean(IngestMetrics.class).storedCount();
        List<TestGateway> gateways = new ArrayList<>();
        try {
            for (String g : GATEWAYS) {
                TestGateway gw = TestGateway.connect(g, password(g), broker.port());
                gateways.add(gw);
                gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
            }
            // both servers read every birth (plain subscription to state); their telemetry is trusted from then on
            for (ConfigurableApplicationContext server : List.of(a, b)) {
                GatewayDirectory directory = server.getBean(GatewayDirectory.class);
                await().untilAsserted(() -> assertThat(GATEWAYS)
                        .allMatch(g -> directory.announced(g, "lake-sonde")));
            }
            for (int i = 0; i < MESSAGES_PER_GATEWAY; i++) {
                for (int k = 0; k < gateways.size(); k++) {
                    long seq = 100 + i;
                    gateways.get(k).telemetry(reading(GATEWAYS.get(k), i, t + 1 + i, seq), seq, 1);
                }
            }
            int expected = GATEWAYS.size() * MESSAGES_PER_GATEWAY;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                    "SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE r.seq >= 100")
                    .query(Long.class).single()).isEqualTo(expected));
            // every reading exactly once, each gateway's seqs all there
            for (String g : GATEWAYS) {
                assertThat(jdbc.sql("SELECT COUNT(DISTINCT r.seq) FROM reading r JOIN series s ON s.id = r.series_id"
                        + " WHERE s.gateway_id = ? AND r.seq >= 100").param(g).query(Long.class).single())
                        .as(g).isEqualTo(MESSAGES_PER_GATEWAY);
                assertThat(jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id"
                        + " WHERE s.gateway_id = ? AND r.seq >= 100").param(g).query(Long.class).single())
                        .as(g).isEqualTo(MESSAGES_PER_GATEWAY);
            }
            // the foreign publish of EXT-1 on EXT-2's topic was refused by the broker
            assertThat(jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = 'EXT-2' AND r.seq < 100").query(Long.class).single()).isZero();
            double byA = a.getBean(IngestMetrics.class).storedCount() - storedByABefore;
            double byB = b.getBean(IngestMetrics.class).storedCount();
            assertThat(byA).as("stored by server a").isPositive();
            assertThat(byB).as("stored by server b").isPositive();
            assertThat(byA + byB).isEqualTo(expected);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM dead_letter WHERE replay_outcome IS NULL"
                    + " OR replay_outcome NOT IN ('STORED', 'DUPLICATE')").query(Long.class).single()).isZero();

            // gateways resending everything (after a reconnect): whichever server gets a repeat drops it
            for (int i = 0; i < MESSAGES_PER_GATEWAY; i++) {
                for (int k = 0; k < gateways.size(); k++) {
                    long seq = 100 + i;
                    gateways.get(k).telemetry(reading(GATEWAYS.get(k), i, t + 1 + i, seq), seq, 1);
                }
            }
            long fresh = 100 + MESSAGES_PER_GATEWAY;
            for (int k = 0; k < gateways.size(); k++) {
                gateways.get(k).telemetry(reading(GATEWAYS.get(k), -1, t + 100, fresh), fresh, 1);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                    "SELECT COUNT(*) FROM reading WHERE seq = ?").param(fresh).query(Long.class).single())
                    .isEqualTo(GATEWAYS.size()));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM reading WHERE seq >= 100").query(Long.class).single())
                    .isEqualTo(expected + GATEWAYS.size());
            // each repeat was recognised once: by the receiving server's memory or, when another server had
            // stored the original meanwhile, in its write transaction
            assertThat(a.getBean(IngestMetrics.class).duplicateCount() + b.getBean(IngestMetrics.class).duplicateCount())
                    .isEqualTo(expected);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM dead_letter WHERE replay_outcome IS NULL"
                    + " OR replay_outcome NOT IN ('STORED', 'DUPLICATE')").query(Long.class).single()).isZero();
        } finally {
            gateways.forEach(TestGateway::close);
        }
    }

    @Test
    void hostileClientsThroughMosquittoAreRefusedAndStoreNothing() throws Exception {
        broker = startBroker();
        String db = "jdbc:h2:file:" + tmp.resolve("hostile-db/fleet") + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_SERVER=FALSE";
        ConfigurableApplicationContext a = startServer("hostile", db);
        JdbcClient jdbc = a.getBean(JdbcClient.class);
        GATEWAYS.forEach(g -> registerLake(a, g));
        double t = System.currentTimeMillis() / 1000.0 - 60;

        // wrong password, unknown user, a guessed server password: no session
        for (String[] up : List.of(new String[] { "EXT-1", "wrong" }, new String[] { "nobody", password("EXT-1") },
                new String[] { "hanedge-server", "guess" })) {
            Mqtt5BlockingClient c = client("hostile-" + up[0]);
            assertThatThrownBy(() -> c.connectWith().simpleAuth().username(up[0])
                    .password(up[1].getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                    .as("%s with a wrong password", up[0]).isInstanceOf(Mqtt5ConnAckException.class);
        }

        Mqtt5BlockingClient victim = connected("EXT-2");
        Queue<String> victimGot = new ConcurrentLinkedQueue<>();
        victim.toAsync().publishes(MqttGlobalPublishFilter.ALL,
                p -> victimGot.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        victim.subscribeWith().topicFilter(Topics.filter("EXT-2", TopicKind.COMMAND)).qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient snoop = connected("EXT-3");
        Queue<String> snooped = new ConcurrentLinkedQueue<>();
        snoop.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> snooped.add(p.getTopic().toString()));
        // subscriptions to other gateways' topics: mosquitto's acl_file grants the SUBACK but delivers nothing that the
        // ACL does not let the user read (checked below, once the victim has received a message on such a topic)
        for (String filter : List.of(Topics.of("EXT-1", TopicKind.TELEMETRY), Topics.filter("EXT-2", TopicKind.COMMAND),
                Topics.filterAll(), "#")) {
            try {
                snoop.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
            } catch (Mqtt5SubAckException refused) {
                assertThat(refused.getMqttMessage().getReasonCodes()).as(filter)
                        .containsOnly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            }
        }
        // a gateway may not send commands or configuration, not even to itself, nor speak for another gateway
        for (String topic : List.of(Topics.command("EXT-3", "write"), Topics.command("EXT-2", "write"),
                Topics.of("EXT-3", TopicKind.CONFIG_DESIRED), Topics.of("EXT-2", TopicKind.TELEMETRY),
                Topics.of("EXT-2", TopicKind.STATE))) {
            assertThatThrownBy(() -> snoop.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(reading("EXT-2", 66.0, t, 66).getBytes(StandardCharsets.UTF_8)).send())
                    .as(topic).isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(
                            e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        }
        assertThat(snoop.getState().isConnected()).as("refusals do not disconnect").isTrue();

        // garbage on its own topic is a dead letter; the server stays up and stores the next good pack
        try (TestGateway gw = TestGateway.connect("EXT-1", password("EXT-1"), broker.port())) {
            gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
            gw.telemetryBytes(new byte[] { 0, 1, 2, (byte) 0xff, '[', '{' }, "application/senml+json", 1, 1);
            gw.telemetry("[" + TestGateway.record("EXT-1/lake-sonde/", "water_level", "m", "\"v\":1.25", t, 7) + "]", 7, 1);
            await().untilAsserted(() -> assertThat(readings(jdbc, "EXT-1")).isEqualTo(1));
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM dead_letter WHERE gateway_id = 'EXT-1'"
                    + " AND reason = 'NOT_SENML'").query(Long.class).single()).isEqualTo(1));
        }
        // the victim's command topic works (the server's own user may command it), and it got nothing forged
        Mqtt5BlockingClient server = client("hostile-server");
        server.connectWith().simpleAuth().username("hanedge-server").password(SERVER_PASSWORD.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        server.publishWith().topic(Topics.command("EXT-2", "write")).qos(MqttQos.AT_LEAST_ONCE)
                .payload("sentinel".getBytes(StandardCharsets.UTF_8)).send();
        await().untilAsserted(() -> assertThat(victimGot).contains(Topics.command("EXT-2", "write") + " sentinel"));
        assertThat(victimGot).containsExactly(Topics.command("EXT-2", "write") + " sentinel");
        assertThat(readings(jdbc, "EXT-2")).as("nothing stored for the gateway whose topics were forged").isZero();
        assertThat(snooped).as("the snoop's subscriptions delivered nothing of other gateways").isEmpty();
        for (Mqtt5BlockingClient c : List.of(server, snoop, victim)) {
            c.disconnect();
        }
    }

    private Mqtt5BlockingClient client(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
    }

    private Mqtt5BlockingClient connected(String gatewayId) {
        Mqtt5BlockingClient c = client(gatewayId);
        c.connectWith().simpleAuth().username(gatewayId).password(password(gatewayId).getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        return c;
    }
}
