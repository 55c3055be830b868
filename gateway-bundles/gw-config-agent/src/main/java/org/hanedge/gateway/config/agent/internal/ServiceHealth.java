package org.hanedge.gateway.config.agent.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.site.SiteChange;
import org.hanedge.gateway.api.uplink.Uplink;

/**
 * {@link HealthProbe} over the services: the {@link DeviceDriver}s (their {@link DeviceStatus}) and the
 * {@link Uplink}, each with the moment it appeared. A device answers when its driver is {@link DeviceState#ONLINE}
 * and either nothing it did failed, or at least two requests more than failures were counted: a Modbus TCP gateway
 * answers exception 11 for a unit id that does not reply (the bus answers, the device does not, and the driver goes
 * ONLINE on such an answer), and a status snapshot may count a request whose failure is not counted yet (a device has
 * at most one request in flight: its bus has one worker). Service events come from Declarative Services' threads.
 */
final class ServiceHealth implements HealthProbe {
    private record Bound(String deviceId, DeviceDriver driver, long sinceNanos) {
    }

    private record BoundUplink(Uplink uplink, long sinceNanos) {
    }

    private final LongSupplier nanos;
    private final Map<Object, Bound> drivers = new ConcurrentHashMap<>();
    private volatile BoundUplink uplink;

    ServiceHealth(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** @param key the service's identity (its reference) */
    void driverAdded(Object key, String deviceId, DeviceDriver driver) {
        if (deviceId != null) {
            drivers.put(key, new Bound(deviceId, driver, nanos.getAsLong()));
        }
    }

    void driverRemoved(Object key) {
        drivers.remove(key);
    }

    void uplinkAdded(Uplink u) {
        uplink = new BoundUplink(u, nanos.getAsLong());
    }

    void uplinkRemoved(Uplink u) {
        BoundUplink b = uplink;
        if (b != null && b.uplink == u) {
            uplink = null;
        }
    }

    @Override
    public Baseline baseline() {
        Set<String> answering = new HashSet<>();
        for (Bound b : drivers.values()) {
            if (answering(status(b))) {
                answering.add(b.deviceId);
            }
        }
        BoundUplink u = uplink;
        return new Baseline(answering, u != null && u.uplink.connected());
    }

    @Override
    public List<ConfigError> problems(SiteChange change, Baseline before, long appliedAtNanos) {
        List<ConfigError> problems = new ArrayList<>();
        for (int i = 0; i < change.devices().size(); i++) {
            String id = change.devices().get(i);
            boolean changed = change.changedDevices().contains(id);
            if (!changed && !before.answering().contains(id)) {
                continue;
            }
            String path = "devices[" + i + "]";
            Bound b = newest(id);
            if (b == null || changed && b.sinceNanos - appliedAtNanos <= 0) {
                problems.add(new ConfigError(path, "device " + id + " has no driver running "
                        + (changed ? "with the new configuration (its profile missing, or the driver failed to start)"
                                : "any more")));
                continue;
            }
            DeviceStatus s = status(b);
            if (!answering(s)) {
                problems.add(new ConfigError(path, describe(id, s)));
            }
        }
        if (change.uplinkConfigured() && (change.uplinkChanged() || before.uplinkConnected())) {
            BoundUplink u = uplink;
            if (u == null || change.uplinkChanged() && u.sinceNanos - appliedAtNanos <= 0) {
                problems.add(new ConfigError("uplink", "the uplink did not start with the new configuration"));
            } else if (!u.uplink.connected()) {
                problems.add(new ConfigError("uplink", "the uplink is not connected to the broker"));
            }
        }
        return problems;
    }

    static boolean answering(DeviceStatus s) {
        return s != null && s.state() == DeviceState.ONLINE && (s.failures() == 0 || s.requests() - s.failures() >= 2);
    }

    private static String describe(String id, DeviceStatus s) {
        if (s == null) {
            return "device " + id + " reports no status";
        }
        String last = s.lastError() == null ? "" : " (last error: " + s.lastError() + ")";
        return switch (s.state()) {
            case ONLINE -> "device " + id + " does not answer: " + s.failures() + " of " + s.requests()
                    + " requests failed" + last;
            case STARTING -> "device " + id + " has not answered yet" + (s.requests() > 0 ? ": " + s.failures()
                    + " of " + s.requests() + " requests failed" : "") + last;
            case OFFLINE -> "device " + id + " is offline: " + s.failures() + " of " + s.requests()
                    + " requests failed" + last;
            case FAILED -> "device " + id + " failed" + last;
        };
    }

    private static DeviceStatus status(Bound b) {
        try {
            return b.driver.status();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Bound newest(String deviceId) {
        Bound best = null;
        for (Bound b : drivers.values()) {
            if (b.deviceId.equals(deviceId) && (best == null || b.sinceNanos - best.sinceNanos > 0)) {
                best = b;
            }
        }
        return best;
    }
}
