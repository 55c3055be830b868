package org.hanedge.fleet.registry;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.event.FleetEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration and presence of gateways; keeps the ingest's {@link GatewayDirectory} current. */
@Service
public class GatewayRegistry {
    private final GatewayRepository repository;
    private final GatewayDirectory directory;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    /** @param events receives {@link FleetEvent.Presence} for every online and offline */
    public GatewayRegistry(GatewayRepository repository, GatewayDirectory directory, Clock clock,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.directory = directory;
        this.clock = clock;
        this.events = events;
    }

    /** Registers the gateways of these sites that are not yet known; returns how many were added. */
    @Transactional
    public int register(List<Site> sites) {
        int added = 0;
        long now = clock.millis();
        for (Site s : sites) {
            if (repository.insertIfAbsent(s, now)) {
                directory.put(s.id(), new GatewayDirectory.Entry(s.profile(), Map.of()));
                added++;
            }
        }
        return added;
    }

    public Gateway get(String id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("gateway", id));
    }

    public PageDto<Gateway> search(GatewayFilter filter, int page, int size) {
        return new PageDto<>(repository.search(filter, page, size), page, size, repository.count(filter));
    }

    /** A birth message: the gateway is online, with the firmware and devices it reported. */
    @Transactional
    public void online(String id, Birth birth, long receivedAt) {
        Long offset = birth.connectedAt() == null ? null : birth.connectedAt() - receivedAt;
        repository.markOnline(id, birth.firmware(), birth.startedAt(), birth.connectedAt(), receivedAt, offset,
                birth.position());
        if (birth.devices() != null) { // a birth without "devices" leaves the announced devices as they were
            repository.replaceDevices(id, birth.devices());
            directory.announce(id, birth.profilesByDevice());
        }
        events.publishEvent(new FleetEvent.Presence(id, true, receivedAt, birth.connectedAt(), birth.startedAt()));
    }

    public void offline(String id, long receivedAt) {
        repository.markOffline(id, receivedAt);
        events.publishEvent(new FleetEvent.Presence(id, false, receivedAt, null, null));
    }

    /**
     * What a birth message says (docs/uplink.md, "state").
     *
     * @param devices the devices announced (id → profile and version); null when the birth has no {@code devices}
     */
    public record Birth(String firmware, Long startedAt, Long connectedAt, Map<String, Gateway.DeviceRef> devices,
            Gateway.Position position) {
        public Birth {
            devices = devices == null ? null : Map.copyOf(devices);
        }

        /** Device id → profile id of the announced devices (empty when none were stated). */
        public Map<String, String> profilesByDevice() {
            Map<String, String> out = new LinkedHashMap<>();
            if (devices != null) {
                devices.forEach((d, ref) -> out.put(d, ref.profileId()));
            }
            return out;
        }
    }
}
