package org.hanedge.fleet.registry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * In-memory view of which gateways exist and which profile each of their devices runs, for the ingest path (no
 * database read per message). Filled at start and kept current by the registry.
 */
@Component
public class GatewayDirectory {
    /** A gateway's registry profile and the devices (id → profile id) it reported in its last birth. */
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

    /** The profile of one device: the one it reported, else the gateway's registry profile; null if unknown. */
    public String profileOf(String gatewayId, String deviceId) {
        Entry e = entries.get(gatewayId);
        if (e == null) {
            return null;
        }
        String p = e.devices().get(deviceId);
        return p != null ? p : e.profileId();
    }

    void put(String gatewayId, Entry entry) {
        entries.put(gatewayId, entry);
    }
}
