package org.hanedge.gateway.uplink.mqtt.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteStatus;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.testing.MosquittoBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Remote commands (cmd/write and friends) through a real mosquitto, answered by an OutputDriver test double. */
class CommandMqttTest {
    static final Duration LONG = Duration.ofSeconds(30);
    static final long DRIVER_TIMEOUT_MS = 500;
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static int gwCounter;

    final List<AutoCloseable> cleanup = new ArrayList<>();
    final RecordingOutputDriver pumps = new RecordingOutputDriver();
    final RecordingOutputDriver lake = new RecordingOutputDriver();
    final Map<String, OutputDriver> drivers = Map.of("ps-plc-io", pumps, "lake-io", lake);

    String gw;
    String root;
    InMemoryOutbox outbox;
    Sender sender;
    Subscriber sub;

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

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    /** Starts a gateway and a backend client that sees everything under the gateway's root; waits for the birth. */
    void gateway() throws Exception {
        gateway(RecentCommands.inMemory());
    }

    void gateway(RecentCommands recent) throws Exception {
        gw = "gw-cmd-" + (++gwCounter) + "-" + ProcessHandle.current().pid();
        root = Topics.root(gw);
        sub = new Subscriber(broker.uri(), root + "#");
        cleanup.add(sub);
        outbox = new InMemoryOutbox();
        start(recent);
    }

    /** (Re)starts the gateway's uplink under the current id with this memory of command ids; waits for the birth. */
    void start(RecentCommands recent) throws Exception {
        long births = onlineBirths();
        UplinkSettings s = new UplinkSettings(gw, broker.uri(), null, null, TelemetryForm.JSON, null, null, null,
                16384, 16, 100, 60, 30, 100, 400);
        StateDocuments docs = new StateDocuments(gw, "9.9.9-test", Instant.parse("2025-01-01T00:00:00Z"), Map::of,
                Map::of, dir.toFile());
        sender = new Sender(s, outbox, docs, drivers::get, DRIVER_TIMEOUT_MS, recent);
        cleanup.add(sender::stop);
        sender.start();
        // the command subscription is in place before the birth is published
        await().atMost(LONG).until(() -> onlineBirths() > births);
    }

    long onlineBirths() {
        return sub.on("state").stream().filter(m -> m.json().path("online").asBoolean()).count();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void request(String name, String json, String responseTopic, String correlation) throws Exception {
        sub.request(root + "cmd/" + name, utf8(json), responseTopic,
                correlation == null ? null : utf8(correlation));
    }

    /** The response with this correlation data on {@code topic}, once it arrived. */
    static Subscriber.Received response(Subscriber s, String topic, String correlation) {
        byte[] c = utf8(correlation);
        return await().atMost(LONG).until(() -> s.messages.stream()
                .filter(m -> m.topic().equals(topic) && m.correlation() != null && java.util.Arrays.equals(c,
                        m.correlation()))
                .findFirst(), Optional::isPresent).get();
    }

    @Test
    void writeIsRoutedToItsDeviceAndAnsweredOnCmdResWithTheCorrelationData() throws Exception {
        gateway();
        request("write", "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":true,"
                + "\"origin\":\"server:operator-lan\"}", null, "req-1");
        Subscriber.Received r = response(sub, root + "cmd-res/write", "req-1");
        assertEquals(List.of(new WriteCommand("ps-plc-io", "pump1_run", true, "server:operator-lan")),
                pumps.commands);
        assertTrue(lake.commands.isEmpty(), "only the addressed device is written");
        JsonNode doc = r.json();
        assertEquals("DONE", doc.get("status").asText());
        assertTrue(doc.get("reason").isNull());
        assertEquals("ps-plc-io", doc.get("device").asText());
        assertEquals("pump1_run", doc.get("channel").asText());
        assertTrue(doc.get("value").isBoolean() && doc.get("value").booleanValue());
        assertTrue(Instant.parse(doc.get("time").asText()).isAfter(Instant.now().minusSeconds(60)));
        assertArrayEquals(utf8("req-1"), r.correlation());
        assertEquals("application/json", r.contentType());
        assertFalse(r.retained());
        assertEquals(1, r.qos());

        // a setpoint (number -> Double) without origin: origin "server"
        request("write", "{\"device\":\"lake-io\",\"channel\":\"aerator_speed\",\"value\":42.5}", null, "req-2");
        JsonNode doc2 = response(sub, root + "cmd-res/write", "req-2").json();
        assertEquals(List.of(new WriteCommand("lake-io", "aerator_speed", 42.5, "server")), lake.commands);
        assertEquals("DONE", doc2.get("status").asText());
        assertEquals(42.5, doc2.get("value").asDouble());
        assertEquals(1, pumps.commands.size());
    }

    @Test
    void aResponseTopicUnderTheRootIsHonouredOneOutsideIsNot() throws Exception {
        gateway();
        Subscriber all = new Subscriber(broker.uri(), Topics.filterAll());
        cleanup.add(all);
        String mine = root + "cmd-res/replies/operator-7";
        request("write", "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":false}", mine, "in-root");
        assertEquals("DONE", response(all, mine, "in-root").json().get("status").asText());

        // under the root but not under cmd-res/: never onto the telemetry stream
        String telemetry = root + "telemetry";
        request("write", "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":false}", telemetry,
                "not-telemetry");
        assertEquals("DONE", response(all, root + "cmd-res/write", "not-telemetry").json().get("status").asText());
        assertTrue(all.messages.stream().noneMatch(m -> m.topic().equals(telemetry)), "nothing on telemetry");

        String foreign = Topics.commandResponse("other-gw", "write");
        request("write", "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":true}", foreign,
                "outside");
        assertEquals("DONE", response(all, root + "cmd-res/write", "outside").json().get("status").asText());
        // one publisher, one subscriber: had anything gone to the foreign topic, it would have arrived by now
        assertTrue(all.messages.stream().noneMatch(m -> m.topic().equals(foreign)), "nothing outside the root");
        assertTrue(all.messages.stream().noneMatch(m -> m.topic().equals(root + "cmd-res/write")
                && java.util.Arrays.equals(utf8("in-root"), m.correlation())), "in-root answer only on its topic");
        assertEquals(3, pumps.commands.size());
    }

    @Test
    void unknownDevice() throws Exception {
        gateway();
        request("write", "{\"device\":\"no-such-io\",\"channel\":\"pump1_run\",\"value\":true}", null, "u-1");
        JsonNode doc = response(sub, root + "cmd-res/write", "u-1").json();
        assertEquals("UNKNOWN_DEVICE", doc.get("status").asText());
        assertTrue(doc.get("reason").asText().contains("no-such-io"), doc.toString());
        assertEquals("no-such-io", doc.get("device").asText());
        assertTrue(pumps.commands.isEmpty() && lake.commands.isEmpty());
    }

    @Test
    void badRequestsAreAnsweredAndTheUplinkKeepsDeliveringTelemetry() throws Exception {
        gateway();
        request("write", "this is {not json", null, "bad-json");
        request("write", "{\"device\":\"ps-plc-io\",\"value\":true}", null, "no-channel");
        request("write", "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":\"on\"}", null, "str-value");
        request("write", "{\"device\":7,\"channel\":\"pump1_run\",\"value\":true}", null, "num-device");
        request("write", "[1,2,3]", null, "array");
        String big = "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":true,\"pad\":\""
                + "x".repeat(70 * 1024) + "\"}";
        request("write", big, null, "too-big");
        request("write", "{\"id\":5,\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":true}", null,
                "num-id");
        request("write", "{\"id\":\"" + "x".repeat(129) + "\",\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\","
                + "\"value\":true}", null, "long-id");

        Map<String, String> expected = Map.of("bad-json", "not JSON", "no-channel", "missing field 'channel'",
                "str-value", "field 'value' must be a boolean or a number", "num-device",
                "field 'device' must be a string", "array", "must be a JSON object", "too-big", "exceeds 65536",
                "num-id", "field 'id' must be a string", "long-id", "field 'id' must be at most 128 characters");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode doc = response(sub, root + "cmd-res/write", e.getKey()).json();
            assertEquals("BAD_REQUEST", doc.get("status").asText(), e.getKey());
            assertTrue(doc.get("reason").asText().contains(e.getValue()), e.getKey() + ": " + doc);
        }
        assertTrue(pumps.commands.isEmpty(), "nothing reached a driver");

        // still the same session, and telemetry still flows
        outbox.append(Priority.TELEMETRY, UplinkMqttTest.readings(10, "lake-sonde", 0));
        await().atMost(LONG).until(() -> sub.telemetrySeqs().size() >= 10);
        assertEquals(UplinkMqttTest.range(1, 10), new HashSet<>(sub.telemetrySeqs()));
        assertTrue(sender.status().connected());
        assertEquals(0, sender.status().reconnects());
        // and commands too
        request("write", "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":true}", null, "after");
        assertEquals("DONE", response(sub, root + "cmd-res/write", "after").json().get("status").asText());
    }

    @Test
    void unknownCommand() throws Exception {
        gateway();
        request("reboot", "{}", null, "r-1");
        JsonNode doc = response(sub, root + "cmd-res/reboot", "r-1").json();
        assertEquals("UNKNOWN_COMMAND", doc.get("status").asText());
        assertTrue(doc.get("reason").asText().contains("reboot"), doc.toString());
        assertTrue(pumps.commands.isEmpty());
    }

    @Test
    void aDriverRefusalIsPassedThroughVerbatim() throws Exception {
        String why = "interlock dry_run_protection: wet_well_level 0.31 m < 0.50 m";
        pumps.answering(WriteStatus.REFUSED_INTERLOCK, why);
        gateway();
        request("write", "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":true,"
                + "\"origin\":\"server:operator-lan\"}", null, "i-1");
        JsonNode doc = response(sub, root + "cmd-res/write", "i-1").json();
        assertEquals("REFUSED_INTERLOCK", doc.get("status").asText());
        assertEquals(why, doc.get("reason").asText());
        assertEquals(1, pumps.commands.size());
    }

    @Test
    void aDriverThatDoesNotAnswerTimesOut() throws Exception {
        pumps.hanging();
        gateway();
        request("write", "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":true}", null, "t-1");
        JsonNode doc = response(sub, root + "cmd-res/write", "t-1").json();
        assertEquals("FAILED", doc.get("status").asText());
        assertEquals("timeout", doc.get("reason").asText());
        assertEquals(1, pumps.commands.size());
    }

    /** Every response with this correlation data on {@code topic} so far. */
    List<Subscriber.Received> responses(String topic, String correlation) {
        byte[] c = utf8(correlation);
        return sub.messages.stream().filter(m -> m.topic().equals(topic) && java.util.Arrays.equals(c,
                m.correlation())).toList();
    }

    static final String RUN_PUMP = "{\"id\":\"cmd-7f3a\",\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\","
            + "\"value\":true,\"origin\":\"server:operator\"}";

    @Test
    void aRedeliveredCommandIdIsAnsweredWithTheFirstResponseAndNotWrittenTwice() throws Exception {
        pumps.answering(WriteStatus.REFUSED_INTERLOCK, "interlock 'dry-run protection': wet_well_level is 0.31 m");
        gateway();
        request("write", RUN_PUMP, null, "first");
        Subscriber.Received first = response(sub, root + "cmd-res/write", "first");
        assertEquals("REFUSED_INTERLOCK", first.json().get("status").asText());
        assertEquals("cmd-7f3a", first.json().get("id").asText());
        // the level rose meanwhile: a new command would be done, the redelivered one keeps its first answer
        pumps.answering(WriteStatus.DONE, null);
        request("write", RUN_PUMP, null, "redelivered");
        request("write", RUN_PUMP, null, "redelivered-again");
        Subscriber.Received again = response(sub, root + "cmd-res/write", "redelivered");
        Subscriber.Received third = response(sub, root + "cmd-res/write", "redelivered-again");
        assertArrayEquals(first.payload(), again.payload(), "the same response, byte for byte");
        assertArrayEquals(first.payload(), third.payload());
        assertEquals(1, pumps.commands.size(), "the driver was written once: " + pumps.commands);

        // a new id runs; a request without an id runs every time
        request("write", RUN_PUMP.replace("cmd-7f3a", "cmd-7f3b"), null, "new-id");
        assertEquals("DONE", response(sub, root + "cmd-res/write", "new-id").json().get("status").asText());
        String noId = "{\"device\":\"ps-plc-io\",\"channel\":\"pump1_run\",\"value\":true}";
        request("write", noId, null, "no-id-1");
        request("write", noId, null, "no-id-2");
        assertTrue(response(sub, root + "cmd-res/write", "no-id-1").json().path("id").isMissingNode());
        response(sub, root + "cmd-res/write", "no-id-2");
        assertEquals(4, pumps.commands.size());

        // the same id for another request is refused, nothing written
        request("write", RUN_PUMP.replace("pump1_run", "pump2_run"), null, "reused");
        JsonNode reused = response(sub, root + "cmd-res/write", "reused").json();
        assertEquals("BAD_REQUEST", reused.get("status").asText());
        assertEquals("cmd-7f3a", reused.get("id").asText());
        assertTrue(reused.get("reason").asText().contains("already used"), reused.toString());
        assertEquals(4, pumps.commands.size());
        assertEquals(1, responses(root + "cmd-res/write", "redelivered").size(), "one answer per request");
    }

    @Test
    void aRepeatWhileTheFirstStillRunsGetsTheFirstsAnswerWhenItEnds() throws Exception {
        pumps.hanging();
        gateway();
        request("write", RUN_PUMP, null, "slow-1");
        await().atMost(LONG).until(() -> pumps.commands.size() == 1);
        request("write", RUN_PUMP, null, "slow-2");
        Subscriber.Received a = response(sub, root + "cmd-res/write", "slow-1");
        Subscriber.Received b = response(sub, root + "cmd-res/write", "slow-2");
        assertEquals("timeout", a.json().get("reason").asText());
        assertArrayEquals(a.payload(), b.payload());
        assertEquals(1, pumps.commands.size());
    }

    @Test
    void commandIdsPersistedInTheDataAreaSurviveARestartOfTheUplink() throws Exception {
        Path file = dir.resolve("restart-" + System.nanoTime()).resolve(UplinkComponent.COMMAND_IDS);
        gateway(RecentCommands.persistent(file));
        request("write", RUN_PUMP, null, "before");
        Subscriber.Received before = response(sub, root + "cmd-res/write", "before");
        assertEquals("DONE", before.json().get("status").asText());

        sender.stop();
        start(RecentCommands.persistent(file));
        request("write", RUN_PUMP, null, "after");
        assertArrayEquals(before.payload(), response(sub, root + "cmd-res/write", "after").payload());
        assertEquals(1, pumps.commands.size(), "not written again after the restart");
    }
}
