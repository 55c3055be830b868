package org.hanedge.simulators.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.config.ConfigDocumentException;
import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.sites.GatewayCredential;
import org.hanedge.sites.VirtualSiteDocument;
import org.hanedge.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

/**
 * Virtual gateways answering {@code config/desired} against a real mosquitto, as the real configuration agent does:
 * applied, redelivery ignored, the failure share, a foreign or unreadable document rejected, the report repeated on
 * reconnect.
 */
class VirtualFleetConfigTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    static DesiredConfig desired(GatewayCredential g, long version, String broker) {
        Map<String, Object> site = VirtualSiteDocument.of(g.gatewayId(), g.profile(), g.deviceId(), broker);
        return new DesiredConfig(version, site, Map.of(), "test", "version " + version, null);
    }

    static VirtualFleet fleet(MosquittoBroker broker, List<GatewayCredential> list, double failureShare)
            throws Exception {
        return VirtualFleet.builder().broker(broker.uri()).gateways(list).profiles(VirtualFleetTest.PROFILES)
                .readingsPerSecond(1).publishInterval(Duration.ofSeconds(1)).connectRate(200).nettyThreads(2)
                .schedulerThreads(1).configFailureShare(failureShare)
                .configApplyDelay(Duration.ofMillis(20), Duration.ofMillis(60)).build();
    }

    /** A server stand-in: publishes desired documents retained, QoS 1. */
    static final class Desk implements AutoCloseable {
        final Mqtt5AsyncClient client;

        Desk(int port) throws Exception {
            client = MqttClient.builder().useMqttVersion5().identifier("desk-" + UUID.randomUUID())
                    .serverHost("127.0.0.1").serverPort(port).buildAsync();
            client.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        }

        void push(String gateway, byte[] json) throws Exception {
            client.publishWith().topic(Topics.of(gateway, TopicKind.CONFIG_DESIRED)).qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true).payload(json).send().get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    static List<ReportedConfig> reports(FleetRawSubscriber raw, String gateway) {
        List<ReportedConfig> out = new ArrayList<>();
        raw.on(gateway, TopicKind.CONFIG_REPORTED).forEach(p -> {
            try {
                out.add(ConfigDocuments.readReported(p.getPayloadAsBytes()));
            } catch (ConfigDocumentException e) {
                throw new AssertionError("unreadable report " + new String(p.getPayloadAsBytes(),
                        StandardCharsets.UTF_8), e);
            }
        });
        return out;
    }

    @Test
    void appliesARetainedVersionOnConnectAndIgnoresItsRedelivery() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                Desk desk = new Desk(broker.port());
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = VirtualFleetTest.gateways("vc", 2, "lake");
            GatewayCredential a = list.get(0);
            GatewayCredential b = list.get(1);
            desk.push(a.gatewayId(), ConfigDocuments.write(desired(a, 1, broker.uri()))); // waits retained
            try (VirtualFleet fleet = fleet(broker, list, 0)) {
                fleet.start();
                await().atMost(WAIT).until(() -> fleet.configStates().size() == 2
                        && fleet.configStates().get(a.gatewayId()).lastGood() == 1);
                await().atMost(WAIT).until(() -> reports(raw, a.gatewayId()).size() >= 2);
                List<ReportedConfig> r = reports(raw, a.gatewayId());
                assertEquals(ConfigStatus.APPLYING, r.get(0).status());
                assertEquals(1, r.get(0).version());
                assertEquals(0, r.get(0).lastGood());
                assertEquals(ConfigStatus.APPLIED, r.get(1).status());
                assertEquals(1, r.get(1).lastGood());
                assertEquals(a.gatewayId(), r.get(1).gateway());
                assertTrue(r.get(1).errors().isEmpty());

                // b: pushed while connected; then the same version again (a redelivery) and an older one
                desk.push(b.gatewayId(), ConfigDocuments.write(desired(b, 5, broker.uri())));
                await().atMost(WAIT).until(() -> fleet.configStates().get(b.gatewayId()).lastGood() == 5);
                desk.push(b.gatewayId(), ConfigDocuments.write(desired(b, 5, broker.uri())));
                desk.push(b.gatewayId(), ConfigDocuments.write(desired(b, 4, broker.uri())));
                desk.push(b.gatewayId(), ConfigDocuments.write(desired(b, 6, broker.uri())));
                await().atMost(WAIT).until(() -> reports(raw, b.gatewayId()).stream()
                        .anyMatch(x -> x.version() == 6 && x.status() == ConfigStatus.APPLIED));
                List<String> seen = reports(raw, b.gatewayId()).stream().map(x -> x.version() + " " + x.status())
                        .toList();
                assertEquals(List.of("5 APPLYING", "5 APPLIED", "6 APPLYING", "6 APPLIED"), seen);
                assertEquals(new VirtualFleet.ConfigState(6, 6, ConfigStatus.APPLIED, 6),
                        fleet.configStates().get(b.gatewayId()));
            }
        }
    }

    @Test
    void theFailureShareRollsBackTheSameGatewaysEveryRunKeepingTheLastGood() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                Desk desk = new Desk(broker.port());
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = VirtualFleetTest.gateways("vf", 20, "pump-station");
            ConfigResponder.Settings settings = new ConfigResponder.Settings(0.3, Duration.ZERO, Duration.ZERO);
            for (GatewayCredential g : list) {
                desk.push(g.gatewayId(), ConfigDocuments.write(desired(g, 1, broker.uri())));
            }
            try (VirtualFleet fleet = fleet(broker, list, 0.3)) {
                fleet.start();
                await().atMost(WAIT).until(() -> fleet.configStates().size() == 20
                        && fleet.configStates().values().stream().allMatch(s -> s.handled() == 1));
                int failed = 0;
                for (GatewayCredential g : list) {
                    VirtualFleet.ConfigState s = fleet.configStates().get(g.gatewayId());
                    boolean fails = settings.fails(g.gatewayId(), 1);
                    assertEquals(fails ? ConfigStatus.ROLLED_BACK : ConfigStatus.APPLIED, s.lastStatus(),
                            g.gatewayId());
                    assertEquals(fails ? 0 : 1, s.lastGood(), g.gatewayId());
                    if (fails) {
                        failed++;
                        String gw = g.gatewayId();
                        await().atMost(WAIT).until(() -> reports(raw, gw).stream()
                                .anyMatch(x -> x.status() == ConfigStatus.ROLLED_BACK));
                        ReportedConfig r = reports(raw, gw).stream()
                                .filter(x -> x.status() == ConfigStatus.ROLLED_BACK).findFirst().orElseThrow();
                        assertEquals("devices[0]", r.errors().get(0).path());
                        assertTrue(r.errors().get(0).message().startsWith("device " + g.deviceId()
                                + " does not answer: "), r.errors().toString());
                        assertEquals(0, r.lastGood());
                    }
                }
                assertTrue(failed > 0 && failed < 20, "a share of 0.3 of 20 failed " + failed);
            }
        }
    }

    @Test
    void refusesAnotherGatewaysDocumentAndOneItCannotRead() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                Desk desk = new Desk(broker.port());
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = VirtualFleetTest.gateways("vr", 1, "lake");
            GatewayCredential g = list.get(0);
            try (VirtualFleet fleet = fleet(broker, list, 0)) {
                fleet.start();
                await().atMost(WAIT).until(() -> fleet.stats().births() == 1);
                Map<String, Object> foreign = new LinkedHashMap<>(desired(g, 2, broker.uri()).site());
                foreign.put("gateway", Map.of("id", "gw-someone-else"));
                desk.push(g.gatewayId(), ConfigDocuments.write(DesiredConfig.of(2, foreign)));
                await().atMost(WAIT).until(() -> reports(raw, g.gatewayId()).size() == 1);
                ReportedConfig r = reports(raw, g.gatewayId()).get(0);
                assertEquals(ConfigStatus.REJECTED, r.status());
                assertEquals(2, r.version());
                assertEquals("gateway.id", r.errors().get(0).path());
                assertTrue(r.errors().get(0).message().contains("is not this gateway"), r.errors().toString());

                desk.push(g.gatewayId(), "{\"version\": 3, \"site\": 7}".getBytes(StandardCharsets.UTF_8));
                await().atMost(WAIT).until(() -> reports(raw, g.gatewayId()).size() == 2);
                r = reports(raw, g.gatewayId()).get(1);
                assertEquals(ConfigStatus.REJECTED, r.status());
                assertEquals(3, r.version());
                assertEquals("site", r.errors().get(0).path());
                assertEquals(new VirtualFleet.ConfigState(3, 0, ConfigStatus.REJECTED, 3),
                        fleet.configStates().get(g.gatewayId()));
            }
        }
    }

    @Test
    void theLastReportIsPublishedAgainOnReconnect() throws Exception {
        MosquittoBroker broker = MosquittoBroker.create(tmp).start(); // not persistent: a restart loses the retained
        List<GatewayCredential> list = VirtualFleetTest.gateways("vp", 1, "lake");
        GatewayCredential g = list.get(0);
        try (VirtualFleet fleet = fleet(broker, list, 0)) {
            try (Desk desk = new Desk(broker.port())) {
                fleet.start();
                await().atMost(WAIT).until(() -> fleet.stats().births() == 1);
                desk.push(g.gatewayId(), ConfigDocuments.write(desired(g, 1, broker.uri())));
                await().atMost(WAIT).until(() -> fleet.configStates().get(g.gatewayId()).lastGood() == 1);
            }
            broker.stop();
            broker.start();
            // the new broker holds nothing; whatever report arrives was published again by the gateway
            try (FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
                await().atMost(WAIT).until(() -> !reports(raw, g.gatewayId()).isEmpty());
                ReportedConfig r = reports(raw, g.gatewayId()).get(0);
                assertEquals(ConfigStatus.APPLIED, r.status());
                assertEquals(1, r.version());
                assertEquals(1, r.lastGood());
                assertEquals(2, fleet.stats().connects());
            }
        } finally {
            broker.close();
        }
    }
}
