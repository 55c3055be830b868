package org.hanedge.gateway.config.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.site.SiteChange;
import org.hanedge.gateway.api.uplink.Uplink;
import org.junit.jupiter.api.Test;

class ServiceHealthTest {
    final AtomicLong now = new AtomicLong(1_000);
    final ServiceHealth health = new ServiceHealth(now::get);

    static DeviceDriver driver(String id, DeviceState state, long requests, long failures, String error) {
        return new DeviceDriver() {
            @Override
            public String deviceId() {
                return id;
            }

            @Override
            public DeviceStatus status() {
                return new DeviceStatus(id, "lake@1.0.0", state, Instant.EPOCH, requests, failures, error);
            }
        };
    }

    static final class FakeUplink implements Uplink {
        volatile boolean connected = true;

        @Override
        public String gatewayId() {
            return "gw-1";
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public CompletionStage<Void> publish(String path, byte[] json, boolean retained) {
            return CompletableFuture.completedFuture(null);
        }
    }

    static SiteChange change(Set<String> changed, boolean uplinkChanged) {
        return new SiteChange(5, List.of("lake-1", "lake-2", "lake-3"), changed, Set.of(), true, uplinkChanged);
    }

    @Test
    void aChangedDeviceNeedsItsNewDriverToAnswer() {
        health.driverAdded("old", "lake-1", driver("lake-1", DeviceState.ONLINE, 10, 0, null));
        health.driverAdded("l2", "lake-2", driver("lake-2", DeviceState.ONLINE, 10, 0, null));
        health.uplinkAdded(new FakeUplink());
        HealthProbe.Baseline before = health.baseline();
        assertEquals(Set.of("lake-1", "lake-2"), before.answering());
        long appliedAt = now.incrementAndGet();
        SiteChange change = change(Set.of("lake-1"), false);

        assertEquals(List.of(new ConfigError("devices[0]", "device lake-1 has no driver running with the new "
                + "configuration (its profile missing, or the driver failed to start)")),
                health.problems(change, before, appliedAt), "the old driver, still answering, does not count");

        health.driverRemoved("old");
        now.incrementAndGet();
        // a Modbus TCP gateway answers exception 11 for a unit id nobody answers to: the bus is fine, the device not
        health.driverAdded("new", "lake-1", driver("lake-1", DeviceState.ONLINE, 6, 6, "exception 11"));
        assertEquals(List.of(new ConfigError("devices[0]", "device lake-1 does not answer: 6 of 6 requests failed "
                + "(last error: exception 11)")), health.problems(change, before, appliedAt));
        // a snapshot taken while the next request is in flight: counted, its failure not yet
        health.driverRemoved("new");
        now.incrementAndGet();
        health.driverAdded("new", "lake-1", driver("lake-1", DeviceState.ONLINE, 7, 6, "exception 11"));
        assertEquals(1, health.problems(change, before, appliedAt).size(), "one request in flight is no answer");

        health.driverRemoved("new");
        now.incrementAndGet();
        health.driverAdded("newer", "lake-1", driver("lake-1", DeviceState.ONLINE, 6, 1, null));
        assertEquals(List.of(), health.problems(change, before, appliedAt));
        assertTrue(ServiceHealth.answering(new DeviceStatus("io", "p", DeviceState.ONLINE, Instant.EPOCH, 1, 0, null)),
                "nothing failed (an input that saw one edge)");
        assertTrue(ServiceHealth.answering(new DeviceStatus("io", "p", DeviceState.ONLINE, Instant.EPOCH, 0, 0, null)));
    }

    @Test
    void aDeviceThatDidNotAnswerBeforeIsNotHeldAgainstAnUnrelatedChange() {
        health.driverAdded("l1", "lake-1", driver("lake-1", DeviceState.ONLINE, 10, 0, null));
        health.driverAdded("l3", "lake-3", driver("lake-3", DeviceState.OFFLINE, 10, 10, "timeout"));
        HealthProbe.Baseline before = health.baseline();
        long appliedAt = now.incrementAndGet();
        assertEquals(List.of(), health.problems(change(Set.of(), false), before, appliedAt));

        health.driverAdded("l1", "lake-1", driver("lake-1", DeviceState.OFFLINE, 20, 10, "timeout"));
        List<ConfigError> problems = health.problems(change(Set.of(), false), before, appliedAt);
        assertEquals(1, problems.size());
        assertEquals("devices[0]", problems.get(0).path());
        assertTrue(problems.get(0).message().startsWith("device lake-1 is offline: 10 of 20 requests failed"),
                problems.toString());
    }

    @Test
    void theUplinkMustComeBackWhenItChangedOrWasConnected() {
        FakeUplink old = new FakeUplink();
        health.uplinkAdded(old);
        HealthProbe.Baseline before = health.baseline();
        long appliedAt = now.incrementAndGet();
        assertEquals(List.of(new ConfigError("uplink", "the uplink did not start with the new configuration")),
                health.problems(change(Set.of(), true), before, appliedAt));
        health.uplinkRemoved(old);
        now.incrementAndGet();
        FakeUplink fresh = new FakeUplink();
        fresh.connected = false;
        health.uplinkAdded(fresh);
        assertEquals(List.of(new ConfigError("uplink", "the uplink is not connected to the broker")),
                health.problems(change(Set.of(), true), before, appliedAt));
        fresh.connected = true;
        assertEquals(List.of(), health.problems(change(Set.of(), true), before, appliedAt));
    }
}
