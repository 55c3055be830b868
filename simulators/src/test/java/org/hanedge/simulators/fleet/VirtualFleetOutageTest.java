package org.hanedge.simulators.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hanedge.simulators.link.LinkRelay;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlException;
import org.hanedge.sites.GatewayCredential;
import org.hanedge.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/**
 * Virtual gateways behind a link that is cut and restored (a TCP relay between them and a real mosquitto): readings
 * taken during the outage reach the broker after it, each at least once, with the time they were taken; a full
 * backlog drops its oldest packs and counts them.
 */
class VirtualFleetOutageTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void readingsTakenDuringAnOutageArriveAfterItWithTheTimeTheyWereTaken() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                LinkRelay link = LinkRelay.onFreePort("127.0.0.1", broker.port());
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = VirtualFleetTest.gateways("vo", 3, "lake");
            VirtualFleet fleet = VirtualFleet.builder().broker("127.0.0.1", link.port()).gateways(list)
                    .profiles(VirtualFleetTest.PROFILES).readingsPerSecond(20).publishInterval(Duration.ofMillis(100))
                    .maxInFlight(4).build();
            assertEquals(2, fleet.recordsPerPack());
            fleet.start();
            await().atMost(WAIT).until(() -> fleet.stats().births() == 3 && fleet.stats().readingsAcked() >= 30);

            long cutAt = System.currentTimeMillis();
            link.cut();
            Map<String, GatewayReport> atCut = byId(fleet.report());
            await().atMost(WAIT).until(() -> fleet.stats().connectedNow() == 0);
            // the outage lasts until every gateway has had a reconnect refused and taken ten packs since the cut
            await().atMost(WAIT).until(() -> fleet.stats().connectFailures() >= 3 && fleet.report().stream()
                    .allMatch(r -> r.nextSeq() >= atCut.get(r.gatewayId()).nextSeq() + 20));
            assertTrue(fleet.stats().backlogReadings() >= 3 * 20, fleet.stats().toString());
            Map<String, GatewayReport> atRestore = byId(fleet.report());
            long restoredAt = System.currentTimeMillis();
            link.restore();

            await().atMost(WAIT).until(() -> fleet.stats().births() == 6 && fleet.report().stream()
                    .allMatch(r -> r.readingsAcked() >= atRestore.get(r.gatewayId()).readingsTaken()));
            fleet.stop(Duration.ofSeconds(5));
            FleetSnapshot end = fleet.stats();
            assertEquals(0, end.backlogReadings());
            assertEquals(0, end.readingsDropped());
            assertEquals(3, end.connectionsLost());
            List<GatewayReport> report = fleet.report();
            for (GatewayReport r : report) {
                assertEquals(0, r.backlogReadings(), r.toString());
                assertEquals(0, r.inFlightReadings(), r.toString());
                assertEquals(0, r.readingsDropped(), r.toString());
                assertEquals(r.readingsTaken(), r.readingsAcked(), r.toString());
                assertEquals(1, r.firstSeq());
            }

            // on the broker: every seq from firstSeq to nextSeq - 1, at least once (resends may repeat one)
            await().atMost(WAIT).until(() -> report.stream().allMatch(r -> received(raw, r.gatewayId()).size()
                    == r.readingsTaken()));
            for (GatewayReport r : report) {
                TreeMap<Long, Long> times = received(raw, r.gatewayId());
                assertEquals(r.firstSeq(), times.firstKey(), r.gatewayId());
                assertEquals(r.nextSeq() - 1, times.lastKey(), r.gatewayId());
                // the readings taken during the cut carry the time they were taken, not the time they were sent
                long from = atCut.get(r.gatewayId()).nextSeq();
                long to = atRestore.get(r.gatewayId()).nextSeq();
                Map<Long, Long> duringCut = times.subMap(from, to);
                assertEquals(to - from, duringCut.size());
                for (Map.Entry<Long, Long> e : duringCut.entrySet()) {
                    assertTrue(e.getValue() >= cutAt && e.getValue() <= restoredAt, r.gatewayId() + " seq "
                            + e.getKey() + " at " + e.getValue() + ", cut " + cutAt + ".." + restoredAt);
                }
            }
        }
    }

    @Test
    void aFullBacklogDropsItsOldestPacksAndCountsThem() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                LinkRelay link = LinkRelay.onFreePort("127.0.0.1", broker.port());
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = VirtualFleetTest.gateways("vd", 2, "lake");
            VirtualFleet fleet = VirtualFleet.builder().broker("127.0.0.1", link.port()).gateways(list)
                    .profiles(VirtualFleetTest.PROFILES).readingsPerSecond(20).publishInterval(Duration.ofMillis(50))
                    .maxInFlight(2).backlogLimit(3).build();
            assertEquals(1, fleet.recordsPerPack());
            fleet.start();
            await().atMost(WAIT).until(() -> fleet.stats().births() == 2 && fleet.stats().readingsAcked() >= 10);

            link.cut();
            await().atMost(WAIT).until(() -> fleet.report().stream().allMatch(r -> r.readingsDropped() >= 20));
            FleetSnapshot down = fleet.stats();
            assertEquals(2 * 3, down.backlogReadings(), down.toString()); // full: 3 packs of 1 reading each
            link.restore();

            await().atMost(WAIT).until(() -> fleet.stats().births() == 4);
            long dropped = fleet.stats().readingsDropped();
            await().atMost(WAIT).until(() -> fleet.stats().backlogReadings() == 0);
            fleet.stop(Duration.ofSeconds(5));
            List<GatewayReport> report = fleet.report();
            assertEquals(dropped, fleet.stats().readingsDropped()); // nothing dropped once the link was back
            assertEquals(dropped, report.stream().mapToLong(GatewayReport::readingsDropped).sum());
            for (GatewayReport r : report) {
                assertEquals(0, r.backlogReadings(), r.toString());
                assertEquals(0, r.inFlightReadings(), r.toString());
                assertEquals(r.readingsTaken(), r.readingsAcked() + r.readingsDropped(), r.toString());
            }

            // a pack in flight when the link was cut may have reached the broker with its PUBACK lost; back in the
            // full backlog it can then be dropped as the oldest: received, yet counted as dropped (at most the
            // in-flight limit per gateway)
            await().atMost(WAIT).until(() -> report.stream().allMatch(r -> received(raw, r.gatewayId()).size()
                    >= r.readingsAcked()));
            for (GatewayReport r : report) {
                TreeMap<Long, Long> times = received(raw, r.gatewayId());
                List<Long> missing = new java.util.ArrayList<>();
                for (long seq = r.firstSeq(); seq < r.nextSeq(); seq++) {
                    if (!times.containsKey(seq)) {
                        missing.add(seq);
                    }
                }
                // the dropped readings are the missing ones, but for those that reached the broker unacknowledged:
                // one run, the oldest of the outage, followed by the backlog's last three packs
                assertTrue(missing.size() <= r.readingsDropped() && missing.size() >= r.readingsDropped() - 2,
                        missing.size() + " missing of " + r.readingsDropped() + " dropped: " + r);
                long first = missing.get(0);
                long last = missing.get(missing.size() - 1);
                assertEquals(missing.size() - 1, last - first, "not one run: " + missing);
                assertTrue(times.containsKey(first - 1) && times.containsKey(last + 1) && times.containsKey(last + 3),
                        r.gatewayId() + " missing " + first + ".." + last);
            }
        }
    }

    @Test
    void packsInFlightWhenTheLinkDropsAreSentAgainWithTheSameSeqs() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                LinkRelay link = LinkRelay.onFreePort("127.0.0.1", broker.port());
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = VirtualFleetTest.gateways("vf", 2, "lake");
            VirtualFleet fleet = VirtualFleet.builder().broker("127.0.0.1", link.port()).gateways(list)
                    .profiles(VirtualFleetTest.PROFILES).readingsPerSecond(20).publishInterval(Duration.ofMillis(50))
                    .maxInFlight(4).build();
            fleet.start();
            await().atMost(WAIT).until(() -> fleet.stats().births() == 2 && fleet.stats().readingsAcked() >= 10);

            long pid = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains(tmp.toString())).findFirst()
                    .orElseThrow().pid();
            signal("STOP", pid); // the broker hangs: PUBACKs stop coming, both windows fill up
            try {
                await().atMost(WAIT).until(() -> fleet.stats().inFlight() == 2 * 4);
                link.cut();
                await().atMost(WAIT).until(() -> fleet.stats().messagesFailed() >= 2 * 4
                        && fleet.stats().connectedNow() == 0);
            } finally {
                signal("CONT", pid);
            }
            FleetSnapshot down = fleet.stats();
            assertEquals(0, down.inFlight());
            assertTrue(down.backlogReadings() >= 2 * 4, down.toString());
            link.restore();

            await().atMost(WAIT).until(() -> fleet.stats().births() == 4 && fleet.stats().backlogReadings() == 0);
            fleet.stop(Duration.ofSeconds(5));
            List<GatewayReport> report = fleet.report();
            for (GatewayReport r : report) {
                assertEquals(r.readingsTaken(), r.readingsAcked(), r.toString());
                assertEquals(0, r.readingsDropped(), r.toString());
            }
            assertEquals(fleet.stats().readingsPublished(), fleet.stats().readingsAcked()
                    + fleet.stats().readingsFailed());
            await().atMost(WAIT).until(() -> report.stream().allMatch(r -> received(raw, r.gatewayId()).size()
                    == r.readingsTaken()));
            for (GatewayReport r : report) {
                TreeMap<Long, Long> times = received(raw, r.gatewayId());
                assertEquals(r.firstSeq(), times.firstKey());
                assertEquals(r.nextSeq() - 1, times.lastKey());
            }
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
    }

    private static Map<String, GatewayReport> byId(List<GatewayReport> report) {
        return report.stream().collect(Collectors.toMap(GatewayReport::gatewayId, Function.identity()));
    }

    /** Record time in epoch milliseconds by seq, from the packs the broker delivered for {@code gateway}. */
    private static TreeMap<Long, Long> received(FleetRawSubscriber raw, String gateway) {
        TreeMap<Long, Long> times = new TreeMap<>();
        for (Mqtt5Publish p : raw.on(gateway, TopicKind.TELEMETRY)) {
            DecodedPack pack;
            try {
                pack = FleetRawSubscriber.decode(p);
            } catch (TopicException | SenmlException e) {
                throw new AssertionError(e);
            }
            assertEquals(List.of(), pack.problems());
            for (Sample s : pack.samples()) {
                times.put(s.seq(), s.timeMillis());
            }
        }
        return times;
    }
}
