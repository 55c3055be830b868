package org.hanedge.gateway.rules.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;

/**
 * Which device runs which profile (from the {@code hanedge.device.id} / {@code hanedge.profile.id} properties of the
 * registered {@code DeviceDriver} services, as the GPIO driver finds them for interlocks), the profiles by id (the
 * registered {@code DeviceProfile} services), and the output drivers. Thread-safe; updated by service events.
 */
final class Devices implements ChannelLookup {
    private record Output(String deviceId, String profileId, OutputDriver driver) {
    }

    private final Map<String, DeviceProfile> profiles = new ConcurrentHashMap<>();
    /** service key → {deviceId, profileId} */
    private final Map<Object, String[]> drivers = new ConcurrentHashMap<>();
    private volatile Map<String, String> profileOfDevice = Map.of();
    private final Map<Object, Output> outputs = new ConcurrentHashMap<>();

    void putProfile(DeviceProfile p) {
        profiles.put(p.id(), p);
    }

    /** Removes the profile registered under its id if it is this one. */
    boolean removeProfile(DeviceProfile p) {
        return profiles.remove(p.id(), p);
    }

    Optional<DeviceProfile> profile(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(profiles.get(id));
    }

    void putDriver(Object key, String deviceId, String profileId) {
        if (deviceId == null) {
            drivers.remove(key);
        } else {
            drivers.put(key, new String[] {deviceId, profileId});
        }
        rebuild();
    }

    void removeDriver(Object key) {
        drivers.remove(key);
        rebuild();
    }

    void putOutput(Object key, String deviceId, String profileId, OutputDriver driver) {
        if (deviceId == null) {
            outputs.remove(key);
        } else {
            outputs.put(key, new Output(deviceId, profileId, driver));
        }
    }

    void removeOutput(Object key) {
        outputs.remove(key);
    }

    /** The profile id a device runs, or null. */
    String profileOf(String deviceId) {
        return profileOfDevice.get(deviceId);
    }

    @Override
    public Optional<ChannelSpec> channel(String deviceId, String channel) {
        return profile(profileOf(deviceId)).flatMap(p -> p.channel(channel));
    }

    /** Device id and driver of every output driver whose device runs {@code profileId}, by device id. */
    List<Map.Entry<String, OutputDriver>> outputsOf(String profileId) {
        List<Map.Entry<String, OutputDriver>> list = new ArrayList<>();
        outputs.values().stream().filter(o -> profileId.equals(o.profileId()))
                .sorted((a, b) -> a.deviceId().compareTo(b.deviceId()))
                .forEach(o -> list.add(Map.entry(o.deviceId(), o.driver())));
        return list;
    }

    private synchronized void rebuild() {
        Map<String, String> m = new java.util.HashMap<>();
        for (String[] d : drivers.values()) {
            if (d[1] != null) {
                m.put(d[0], d[1]);
            }
        }
        profileOfDevice = Map.copyOf(m);
    }
}
