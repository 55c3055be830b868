package org.hanedge.gateway.uplink.mqtt.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PUBACK with an error reason code (here mosquitto's 0x87 for a publish its ACL denies; the fleet server's
 * embedded broker answers 0x83 or 0x97 when it could not store a message) never deletes the outbox entries: they
 * stay, are sent again after the reconnect, and are acknowledged once the broker accepts them.
 */
class RefusedPubackTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final String ALLOW_BIRTH_AND_STATS = "topic write " + Topics.filter(TopicKind.STATE) + "\n"
            + "topic write " + Topics.filter(TopicKind.STATS) + "\ntopic read " + Topics.ROOT + "#\n";

    @TempDir
    Path dir;

    @Test
    void refusedReadingsStayInTheOutboxAndGoOutAgainOnceTheBrokerTakesThem() throws Exception {
        Path acl = dir.resolve("acl");
        Files.writeString(acl, ALLOW_BIRTH_AND_STATS);
        String gw = "gw-refused-" + ProcessHandle.current().pid();
        InMemoryOutbox outbox = new InMemoryOutbox();
        outbox.append(Priority.TELEMETRY, UplinkMqttTest.readings(20, "lake-sonde", 0));
        try (MosquittoBroker broker = MosquittoBroker.create(dir.resolve("broker")).withConfig("acl_file " + acl)
                .start()) {
            UplinkSettings s = UplinkMqttTest.settings(gw, broker.uri(), null, null, TelemetryForm.JSON, 1024, 4, 1000);
            StateDocuments docs = new StateDocuments(gw, "9.9.9-test", Instant.parse("2025-01-01T00:00:00Z"),
                    () -> Map.of("lake", "1.2.0"), () -> Map.of("lake-sonde", "lake@1.2.0"), dir.toFile());
            Sender sender = new Sender(s, outbox, docs);
            sender.start();
            try {
                // refused, the session ended, reconnected, sent again, refused again: nothing deleted meanwhile.
                // Paho's receiver thread of a client closed after a refusal may still get an ack and die of a
                // NullPointerException inside Paho (its token store is gone); that client is already replaced, so
                // such uncaught exceptions of other threads must not fail the wait (Awaitility catches them by default)
                await().dontCatchUncaughtExceptions().atMost(LONG).until(() -> sender.status().connects() >= 3);
                String error = sender.status().lastError();
                assertTrue(error != null && error.contains("refused a message") && error.contains("not authorized"), error);
                assertEquals(20, outbox.unacknowledged());
                assertEquals(0, sender.status().readingsSent());

                Files.writeString(acl, ALLOW_BIRTH_AND_STATS + "topic write " + Topics.filter(TopicKind.TELEMETRY) + "\n");
                broker.stop();
                broker.start();
                await().dontCatchUncaughtExceptions().atMost(LONG).until(() -> outbox.unacknowledged() == 0);
                assertEquals(20, sender.status().readingsSent(), "each reading acknowledged once");
            } finally {
                sender.stop();
            }
        }
    }
}
