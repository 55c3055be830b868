package org.hanedge.gateway.stream.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.LatestReadings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Shell commands (Gogo, or any shell that follows the {@code osgi.command.*} service properties, such as Kura's):
 * {@code hanedge:latest} lists the latest value of every channel, {@code hanedge:devices} the state of every device.
 */
@Component(service = ShellCommands.class, property = {
    "osgi.command.scope=hanedge",
    "osgi.command.function=latest",
    "osgi.command.function=devices"
})
public class ShellCommands {
    private final LatestReadings latest;
    private final List<DeviceDriver> drivers = new CopyOnWriteArrayList<>();

    @org.osgi.service.component.annotations.Activate
    public ShellCommands(@Reference LatestReadings latest) {
        this.latest = latest;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(DeviceDriver driver) {
        drivers.add(driver);
    }

    void removeDriver(DeviceDriver driver) {
        drivers.remove(driver);
    }

    /** Latest value of every channel. */
    public String latest() {
        return ReadingFormat.table(latest.all());
    }

    /** Latest values of one device's channels. */
    public String latest(String deviceId) {
        return ReadingFormat.table(latest.all().stream().filter(r -> r.deviceId().equals(deviceId)).toList());
    }

    /** State, request and failure counts of every configured device. */
    public String devices() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %-24s %-9s %10s %9s  %s%n",
                "DEVICE", "PROFILE", "STATE", "REQUESTS", "FAILURES", "LAST ERROR"));
        drivers.stream().map(DeviceDriver::status).sorted(Comparator.comparing(DeviceStatus::deviceId))
                .forEach(s -> sb.append(String.format(Locale.ROOT, "%-20s %-24s %-9s %10d %9d  %s%n", s.deviceId(),
                        s.profileId(), s.state(), s.requests(), s.failures(),
                        s.lastError() == null ? "" : s.lastError())));
        return sb.toString();
    }
}
