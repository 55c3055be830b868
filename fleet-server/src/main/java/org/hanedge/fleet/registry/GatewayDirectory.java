package org.hanedge.fleet.registry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * In-memory view of which gateways exist and which devices each has announced (with the profile each runs), for
 * the ingest path (no database read per message). Filled at start from the registry and the devices of the last
 * stored birth ({@code gateway_device}), so announced devices flow right after a restart, before the retained
 * birth is processed again; kept current by the registry and by the ingest as births arrive.
 */
@Component
public class GatewayDirectory {
    /** A gateway's registry profile (for display only) and the devices (id → profile id) of its last birth. */
    public record Entry(String profileId, Map<String, String> devices) {
        public Entry {
            devices = Map.copyOf(devices);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public GatewayDirectory(GatewayRepository repository) {
        entries.putAll(repository.directory());
    }

    public boolean contains(String gatewayId) {
        return entries.containsKey(gatewayId);
    }

    public Optional<Entry> entry(String gatewayId) {
        return Optional.ofNullable(entries.get(gatewayId));
    }

    /**
     * The profile of a device the gateway announced in its birth; null when the gateway is unknown or never
     * announced that device. There is no fallback to the gateway's registry profile: only announced devices are
     * trusted.
     */
    public String profileOf(String gatewayId, String deviceId) {
        Entry e = entries.get(gatewayId);
        return e == null || deviceId == null ? null : e.devices().get(deviceId);
    }

    /** Whether the gateway announced that device. */
    public boolean announced(String gatewayId, String deviceId) {
        return profileOf(gatewayId, deviceId) != null;
    }

    /**
     * Replaces the devices a registered gateway announced (device id → profile id); ignored for a gateway the
     * registry does not know. Called when a birth is read, before it is stored, so telemetry read after the birth
     * is checked against it.
     */
    public void announce(String gatewayId, Map<String, String> devices) {
        entries.computeIfPresent(gatewayId, (k, e) -> new Entry(e.profileId(), devices));
    }

    void put(String gatewayId, Entry entry) {
        entries.put(gatewayId, entry);
    }
}
