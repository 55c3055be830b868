package org.hanedge.gateway.uplink.mqtt.internal;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.gateway.api.outbox.Priority;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The live (not stored) documents on {@code .../state} and {@code .../stats}. */
public final class StateDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String gatewayId;
    private final String firmware;
    private final Instant started;
    private final Supplier<Map<String, String>> profiles;
    private final Supplier<Map<String, String>> devices;
    private final File diskPath;
    private final Supplier<Optional<BirthPosition>> position;

    /**
     * @param profiles profile id -> version of the profiles the gateway runs
     * @param devices  device id -> {@code profile@version}
     * @param diskPath a path on the file system of the outbox (for free space), or null when unknown
     */
    public StateDocuments(String gatewayId, String firmware, Instant started, Supplier<Map<String, String>> profiles,
            Supplier<Map<String, String>> devices, File diskPath) {
        this(gatewayId, firmware, started, profiles, devices, diskPath, Optional::empty);
    }

    /** As above, with the gateway's position (from its GPS readings) for the birth message. */
    StateDocuments(String gatewayId, String firmware, Instant started, Supplier<Map<String, String>> profiles,
            Supplier<Map<String, String>> devices, File diskPath, Supplier<Optional<BirthPosition>> position) {
        this.position = position;
        this.gatewayId = gatewayId;
        this.firmware = firmware;
        this.started = started;
        this.profiles = profiles;
        this.devices = devices;
        this.diskPath = diskPath;
    }

    public byte[] birth(Instant connected) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("online", true);
        n.put("gateway", gatewayId);
        n.put("firmware", firmware);
        n.put("started", started.toString());
        n.put("connected", connected.toString());
        ObjectNode p = n.putObject("profiles");
        new TreeMap<>(profiles.get()).forEach(p::put);
        ObjectNode d = n.putObject("devices");
        new TreeMap<>(devices.get()).forEach(d::put);
        position.get().ifPresent(pos -> {
            ObjectNode o = n.putObject("position");
            o.put("lat", pos.lat());
            o.put("lon", pos.lon());
            o.put("time", pos.time().toString());
            o.put("device", pos.device());
            o.put("fix", pos.fix());
        });
        return bytes(n);
    }

    public byte[] lastWill() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("online", false);
        n.put("gateway", gatewayId);
        return bytes(n);
    }

    public byte[] shutdown(Instant now) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("online", false);
        n.put("gateway", gatewayId);
        n.put("firmware", firmware);
        n.put("time", now.toString());
        n.put("reason", "shutdown");
        return bytes(n);
    }

    public byte[] stats(Instant now, OutboxStats outbox, UplinkStatus uplink) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("gateway", gatewayId);
        n.put("time", now.toString());
        n.put("uptimeS", Duration.between(started, now).toSeconds());
        ObjectNode o = n.putObject("outbox");
        if (outbox != null) {
            ObjectNode pending = o.putObject("pending");
            for (Priority pr : Priority.values()) {
                pending.put(pr.name(), outbox.pending().getOrDefault(pr, 0L));
            }
            o.put("inFlight", outbox.inFlight());
            o.put("bytesOnDisk", outbox.bytesOnDisk());
            o.put("capacityBytes", outbox.capacityBytes());
            o.put("lastSeq", outbox.lastSeq());
            ObjectNode drops = o.putObject("drops");
            for (DropReason r : DropReason.values()) {
                drops.put(r.name(), outbox.drops().getOrDefault(r, 0L));
            }
        }
        ObjectNode u = n.putObject("uplink");
        u.put("messagesSent", uplink.messagesSent());
        u.put("readingsSent", uplink.readingsSent());
        u.put("eventsSent", uplink.eventsSent());
        u.put("reconnects", uplink.reconnects());
        u.put("failedAttempts", uplink.failedAttempts());
        u.put("inFlightMessages", uplink.inFlightMessages());
        u.put("lastError", uplink.lastError());
        u.put("lastErrorTime", uplink.lastErrorTime() == null ? null : uplink.lastErrorTime().toString());
        ClockStatus cs = uplink.clock();
        if (cs != null) {
            ObjectNode c = n.putObject("clock");
            c.put("synchronised", cs.synchronised());
            c.put("source", cs.source().name());
            c.put("correctionMs", cs.correctionMillis());
            c.put("lastOffsetMs", cs.lastOffsetMillis());
            c.put("lastRttMs", cs.lastRttMillis());
            c.put("epochs", cs.epochs());
            c.put("uncorrected", cs.uncorrected());
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ObjectNode h = n.putObject("heap");
        h.put("used", heap.getUsed());
        h.put("max", heap.getMax());
        if (diskPath != null) {
            ObjectNode disk = n.putObject("disk");
            disk.put("path", diskPath.getPath());
            disk.put("freeBytes", diskPath.getUsableSpace());
        }
        return bytes(n);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return MAPPER.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
