package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.senml.SenmlUnits;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As {@link ClockIT} (a gateway runtime under {@code faketime -f -365d}, the sonde's conductivity register holding
 * the true seconds since the test began), but against a mosquitto broker with a time responder in the test that
 * answers {@code time/req} as the fleet server's time service does (the test JVM's clock is the truth), and the city
 * backend's subscriber as the receiver: lighter than starting the fleet server.
 */
class ClockBrokerIT {
    private static final String GATEWAY = "lake-clock-broker-it";

    @TempDir
    Path dir;

    @Test
    void aGatewayWhoseClockIsAYearBehindDeliversReadingsWithTrueTimes() throws Exception {
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "lake");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        SimulatedSite.fill(bank, 3);
        long t0 = System.currentTimeMillis();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> bank.set("conductivity", (System.currentTimeMillis() - t0) / 1000.0), 0, 50,
                TimeUnit.MILLISECONDS);
        Path log = dir.resolve("gateway.log");
        try (MosquittoBroker broker = MosquittoBroker.create(dir.resolve("broker"))
                .withPasswords(GATEWAY, "right", "time-service", "ts", "backend", "bk").start();
                UplinkSubscriber backend = new UplinkSubscriber(broker.uri(), "backend", "backend", "bk");
                ModbusTcpSlave lake = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0)) {
            MqttAsyncClient timeService = timeService(broker.uri());
            Path site = dir.resolve("site.yaml");
            String config = """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: lake-clock, profile: lake, modbus: { transport: tcp, port: %d } }
                    uplink: { broker: '%s', username: %s, password: '%s', reconnectMin: 200ms, reconnectMax: 1s }
                    outbox: { directory: outbox, commitDelay: 50ms }
                    """;
            Files.writeString(site, config.formatted(GATEWAY, lake.port(), broker.uri(), GATEWAY, "wrong"));
            try (GatewayProcess gateway = GatewayProcess.start(site, dir.resolve("data"), log,
                    List.of("faketime", "-f", "-365d"), Map.of("FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0"))) {
                // generous bounds: a JVM under libfaketime starts several times slower (more so on a loaded machine)
                await("readings taken while the gateway cannot connect").atMost(ofSeconds(300))
                        .until(() -> ClockLog.readings(log) >= 3 && Files.readString(log).contains("retrying in"));
                double lastBeforeConnect = ClockLog.lastValue(log);
                Files.writeString(site, config.formatted(GATEWAY, lake.port(), broker.uri(), GATEWAY, "right"));
                await("readings from before and after the connect received").atMost(ofSeconds(180)).until(() -> {
                    List<UplinkSubscriber.Record> rs = conductivity(backend);
                    return rs.stream().anyMatch(r -> fieldValue(r) <= lastBeforeConnect)
                            && rs.stream().anyMatch(r -> fieldValue(r) > lastBeforeConnect + 3);
                });
                List<UplinkSubscriber.Record> rs = conductivity(backend);
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                int before = 0;
                for (UplinkSubscriber.Record r : rs) {
                    long sent = Math.round(r.time() * 1000);
                    long truth = t0 + Math.round(fieldValue(r) * 1000);
                    min = Math.min(min, sent - truth);
                    max = Math.max(max, sent - truth);
                    before += fieldValue(r) <= lastBeforeConnect ? 1 : 0;
                    assertTrue(Math.abs(sent - truth) < 1000, "reading seq " + r.seq() + " value " + r.value()
                            + " sent with a time " + (sent - truth) + " ms off the truth");
                }
                System.out.println("ClockBrokerIT: " + rs.size() + " readings (" + before + " taken before the "
                        + "gateway connected), sent time minus true time, ms: min " + min + ", max " + max);
                gateway.terminate();
            } finally {
                timeService.disconnect().waitForCompletion(5_000);
                timeService.close();
            }
        } catch (AssertionError | RuntimeException e) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            System.out.println("ClockBrokerIT: gateway log (last 6000 characters):\n"
                    + text.substring(Math.max(0, text.length() - 6000)));
            throw e;
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Answers {@code time/req} with this JVM's clock, on the request's own {@code time/res}, with its correlation. */
    private static MqttAsyncClient timeService(String uri) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(uri, "time-service", new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage request) throws Exception {
                MqttProperties p = new MqttProperties();
                p.setCorrelationData(request.getProperties().getCorrelationData());
                byte[] json = ("{\"epochMillis\":" + System.currentTimeMillis() + "}")
                        .getBytes(StandardCharsets.UTF_8);
                String answer = Topics.of(Topics.parse(topic).gatewayId(), TopicKind.TIME_RESPONSE);
                c.publish(answer, new MqttMessage(json, 0, false, p));
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("time-service");
        o.setPassword("ts".getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(10_000);
        c.subscribe(Topics.filter(TopicKind.TIME_REQUEST), 1).waitForCompletion(10_000);
        return c;
    }

    /** The profile's uS/cm (the wire carries SenML's S/m): the seconds the ticker wrote into the register. */
    private static double fieldValue(UplinkSubscriber.Record r) {
        return r.unit() == null ? r.value().asDouble() : SenmlUnits.convert(r.value().asDouble(), r.unit(), "uS/cm");
    }

    private static List<UplinkSubscriber.Record> conductivity(UplinkSubscriber backend) {
        List<UplinkSubscriber.Record> out = new ArrayList<>();
        for (UplinkSubscriber.Record r : backend.records(GATEWAY)) {
            if (r.channel().equals("conductivity") && r.value() != null && r.value().isNumber()) {
                out.add(r);
            }
        }
        return out;
    }

}
