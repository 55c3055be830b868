package org.hanedge.gateway.uplink.mqtt.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.gateway.api.uplink.DownlinkListener;
import org.hanedge.gateway.api.uplink.Uplink;
import org.hanedge.testing.MosquittoBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downlink listeners and live publishes of other bundles through the uplink's one session, on a real mosquitto. */
class DownlinkMqttTest {
    static final Duration LONG = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = MosquittoBroker.create(dir.resolve("broker")).start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    static final class Recording implements DownlinkListener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final AtomicInteger connects = new AtomicInteger();
        volatile Uplink uplink;

        @Override
        public void messageArrived(String path, byte[] payload, boolean retained) {
            messages.add(path + (retained ? " retained " : " live ") + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void connected(Uplink u) {
            uplink = u;
            connects.incrementAndGet();
        }
    }

    static void publish(String topic, String payload, boolean retained) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.uri(), "server-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o).waitForCompletion(10_000);
        c.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, null))
                .waitForCompletion(10_000);
        c.disconnect().waitForCompletion(5_000);
        c.close();
    }

    @Test
    void aRetainedMessageReachesItsListenerAndPublishesGoOutRetained() throws Exception {
        String gw = "gw-downlink-" + ProcessHandle.current().pid();
        String root = Topics.root(gw);
        publish(root + "config/desired", "{\"version\":3}", true);

        Downlinks downlinks = new Downlinks();
        Recording config = new Recording();
        downlinks.add(config, "config/desired");
        UplinkService service = new UplinkService(gw);
        downlinks.configure(gw, service);
        UplinkSettings s = new UplinkSettings(gw, broker.uri(), null, null, TelemetryForm.JSON, null, null, null,
                16384, 16, 100, 60, 30, 100, 400);
        StateDocuments docs = new StateDocuments(gw, "9.9.9-test", Instant.parse("2025-01-01T00:00:00Z"), Map::of,
                Map::of, dir.toFile());
        ExecutionException notYet = assertThrows(ExecutionException.class,
                () -> service.publish("config/reported", new byte[] {'{', '}'}, true).toCompletableFuture().get());
        assertTrue(notYet.getCause().getMessage().contains("stopped"), notYet.toString());

        Sender sender = new Sender(s, new InMemoryOutbox(), docs, d -> null, 1000, null, ClockSource.SYSTEM, 0,
                Precisions.NONE, downlinks);
        service.attach(sender);
        sender.start();
        try (Subscriber backend = new Subscriber(broker.uri(), root + "#")) {
            await("the retained document, on connect").atMost(LONG)
                    .until(() -> config.messages.contains("config/desired retained {\"version\":3}"));
            await().atMost(LONG).until(() -> config.connects.get() == 1 && service.connected());
            assertEquals(service, config.uplink);

            service.publish("config/reported", "{\"version\":3,\"status\":\"APPLIED\"}".getBytes(
                    StandardCharsets.UTF_8), true).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(LONG).until(() -> !backend.on("config/reported").isEmpty());
            Subscriber.Received r = backend.on("config/reported").get(0);
            assertEquals("application/json", r.contentType());
            assertEquals(1, r.qos());
            try (Subscriber late = new Subscriber(broker.uri(), root + "config/reported")) {
                await("kept by the broker").atMost(LONG).until(() -> late.messages.stream().anyMatch(
                        m -> m.retained() && m.text().contains("APPLIED")));
            }

            // a listener that appears during the session is subscribed at once and told the session is up
            Recording other = new Recording();
            downlinks.add(other, "other/topic");
            assertEquals(1, other.connects.get());
            await().pollDelay(Duration.ofMillis(200)).atMost(LONG).until(() -> {
                publish(root + "other/topic", "x", false);
                return other.messages.contains("other/topic live x");
            });
            assertEquals(List.of("config/desired retained {\"version\":3}"), config.messages,
                    "only its own topic, once");
        } finally {
            sender.stop();
        }
        ExecutionException down = assertThrows(ExecutionException.class,
                () -> service.publish("config/reported", new byte[] {'{', '}'}, true).toCompletableFuture().get());
        assertTrue(down.getCause().getMessage().contains("not connected"), down.toString());
    }
}
