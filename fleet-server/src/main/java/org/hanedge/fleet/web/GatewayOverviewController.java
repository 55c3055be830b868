package org.hanedge.fleet.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.fleet.command.CommandValidator;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.fleet.registry.Gateway;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the UI's gateway page shows besides the registry entry and the latest values: the channels' units and
 * alarm limits from the profiles, the last stats snapshot (outbox depth, drop counters) and the connection history.
 */
@RestController
public class GatewayOverviewController {
    private final GatewayRegistry registry;
    private final ProfileCatalog profiles;
    private final ConnectionLog connections;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public GatewayOverviewController(GatewayRegistry registry, ProfileCatalog profiles, ConnectionLog connections,
            JdbcClient jdbc, ObjectMapper json) {
        this.registry = registry;
        this.profiles = profiles;
        this.connections = connections;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A channel of a device's profile; limits are null when the profile sets none. */
    public record ChannelInfo(String device, String profile, String channel, String description, String unit,
            Double lowLow, Double low, Double high, Double highHigh) {
    }

    /** From the last stats message: outbox depth (pending + in flight) and drop counters; null fields if none. */
    public record Outbox(Instant statsTime, Long pending, Long inFlight, Long bytesOnDisk, Long capacityBytes,
            Map<String, Long> drops, JsonNode stats) {
    }

    /** A writable output of a device's profile: what a command may set (docs/fleet-api.md "Commands"). */
    public record Output(String device, String profile, String channel, String description) {
    }

    /** @param outputs the writable outputs of the devices the gateway announced, in profile order */
    public record Overview(String id, List<ChannelInfo> channels, Outbox outbox,
            List<ConnectionLog.Entry> connections, List<Output> outputs) {
    }

    @GetMapping("/api/v1/gateways/{id}/overview")
    public Overview overview(@PathVariable String id) {
        Gateway g = registry.get(id);
        return new Overview(id, channels(g), outbox(id), connections.history(id, 50), outputs(g));
    }

    /** Only announced devices: a command names a device of the gateway's birth (CommandValidator). */
    private List<Output> outputs(Gateway g) {
        List<Output> out = new ArrayList<>();
        g.devices().forEach((device, ref) -> profiles.profile(ref.profileId()).ifPresent(p -> {
            for (ChannelSpec c : p.channels()) {
                if (CommandValidator.isOutput(c)) {
                    out.add(new Output(device, p.id(), c.name(), c.description()));
                }
            }
        }));
        return out;
    }

    private List<ChannelInfo> channels(Gateway g) {
        Map<String, String> devices = new LinkedHashMap<>();
        g.devices().forEach((d, ref) -> devices.put(d, ref.profileId()));
        if (devices.isEmpty() && g.profileId() != null) {
            devices.put("", g.profileId());
        }
        List<ChannelInfo> out = new ArrayList<>();
        devices.forEach((device, profileId) -> profiles.profile(profileId).ifPresent(p -> {
            for (ChannelSpec c : p.channels()) {
                AlarmLimits a = c.alarms() == null ? AlarmLimits.NONE : c.alarms();
                out.add(new ChannelInfo(device, p.id(), c.name(), c.description(), c.unit(), a.lowLow(), a.low(),
                        a.high(), a.highHigh()));
            }
        }));
        return out;
    }

    private Outbox outbox(String id) {
        return jdbc.sql("SELECT stats_json, stats_time FROM gateway WHERE id = ?").param(id).query(rs -> {
            if (!rs.next() || rs.getString(1) == null) {
                return new Outbox(null, null, null, null, null, Map.of(), null);
            }
            JsonNode n;
            try {
                n = json.readTree(rs.getString(1));
            } catch (java.io.IOException e) {
                return new Outbox(null, null, null, null, null, Map.of(), null);
            }
            JsonNode o = n.path("outbox");
            long pending = 0;
            for (JsonNode v : o.path("pending")) {
                pending += v.asLong();
            }
            Map<String, Long> drops = new LinkedHashMap<>();
            o.path("drops").fields().forEachRemaining(e -> drops.put(e.getKey(), e.getValue().asLong()));
            Long time = rs.getObject(2, Long.class);
            return new Outbox(time == null ? null : Instant.ofEpochMilli(time), o.has("pending") ? pending : null,
                    o.has("inFlight") ? o.get("inFlight").asLong() : null,
                    o.has("bytesOnDisk") ? o.get("bytesOnDisk").asLong() : null,
                    o.has("capacityBytes") ? o.get("capacityBytes").asLong() : null, drops, n);
        });
    }
}
