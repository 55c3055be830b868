package org.hanedge.gateway.site.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A device's {@code modbus:} section, mapped to the Modbus driver's configuration properties. */
final class ModbusSection {
    static final String FACTORY_PID = "org.hanedge.gateway.modbus.device";
    private static final Set<String> COMMON = Set.of("transport", "unitId", "timeout", "retries", "coalesceGap",
            "offlineAfter", "offlinePoll");

    private ModbusSection() {
    }

    static Map<String, Object> properties(Fields f, String id, String profile, Map<String, Object> m, String at)
            throws SiteConfigException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("device.id", id);
        p.put("profile", profile);
        p.put("profile.target", "(hanedge.profile.id=" + profile + ")");
        // published by Declarative Services as the driver's DeviceDriver service properties
        p.put("hanedge.device.id", id);
        p.put("hanedge.profile.id", profile);
        String transport = f.oneOf(f.required(m, "transport", at), at + "transport", Set.of("tcp", "rtu"));
        if (transport.equals("tcp")) {
            f.allowOnly(m, at, union(COMMON, Set.of("host", "port")));
            p.put("host", f.string(m.getOrDefault("host", "127.0.0.1"), at + "host"));
            p.put("port", f.integer(m.getOrDefault("port", 502), at + "port", 1, 65535));
        } else {
            f.allowOnly(m, at, union(COMMON, Set.of("serialPort", "baud", "parity", "dataBits", "stopBits")));
            p.put("serial.port", f.string(f.required(m, "serialPort", at), at + "serialPort"));
            p.put("serial.baud", f.integer(m.getOrDefault("baud", 9600), at + "baud", 300, 921600));
            p.put("serial.parity", f.oneOf(m.getOrDefault("parity", "none"), at + "parity",
                    Set.of("none", "even", "odd")));
            p.put("serial.dataBits", f.integer(m.getOrDefault("dataBits", 8), at + "dataBits", 7, 8));
            p.put("serial.stopBits", f.integer(m.getOrDefault("stopBits", 1), at + "stopBits", 1, 2));
        }
        p.put("transport", transport);
        p.put("unit.id", f.integer(m.getOrDefault("unitId", 1), at + "unitId", 0, 247));
        p.put("timeout.ms", f.millis(m.getOrDefault("timeout", "1s"), at + "timeout"));
        p.put("retries", f.integer(m.getOrDefault("retries", 2), at + "retries", 0, 10));
        p.put("coalesce.gap", f.integer(m.getOrDefault("coalesceGap", 8), at + "coalesceGap", 0, 124));
        p.put("offline.after", f.integer(m.getOrDefault("offlineAfter", 3), at + "offlineAfter", 1, 1000));
        p.put("offline.poll.s", Math.max(1, f.millis(m.getOrDefault("offlinePoll", "30s"), at + "offlinePoll")
                / 1000));
        return p;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }
}
