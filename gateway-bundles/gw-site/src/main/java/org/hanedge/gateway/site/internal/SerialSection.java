package org.hanedge.gateway.site.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A device's {@code serial:} section (NMEA GPS, ASCII instruments), mapped to the serial driver's configuration. */
final class SerialSection {
    static final String FACTORY_PID = "org.hanedge.gateway.serial.device";

    private SerialSection() {
    }

    static Map<String, Object> properties(Fields f, String id, String profile, Map<String, Object> m, String at)
            throws SiteConfigException {
        f.allowOnly(m, at, Set.of("port", "baud", "parity", "dataBits", "stopBits", "protocol", "silenceTimeout",
                "replyTimeout", "reopenMax"));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("device.id", id);
        p.put("profile", profile);
        p.put("profile.target", "(hanedge.profile.id=" + profile + ")");
        // published by Declarative Services as the driver's DeviceDriver service properties
        p.put("hanedge.device.id", id);
        p.put("hanedge.profile.id", profile);
        p.put("serial.port", f.string(f.required(m, "port", at), at + "port"));
        p.put("serial.baud", f.integer(m.getOrDefault("baud", 4800), at + "baud", 300, 921600));
        p.put("serial.parity", f.oneOf(m.getOrDefault("parity", "none"), at + "parity",
                Set.of("none", "even", "odd")));
        p.put("serial.dataBits", f.integer(m.getOrDefault("dataBits", 8), at + "dataBits", 7, 8));
        p.put("serial.stopBits", f.integer(m.getOrDefault("stopBits", 1), at + "stopBits", 1, 2));
        p.put("serial.protocol", f.oneOf(m.getOrDefault("protocol", "auto"), at + "protocol",
                Set.of("auto", "nmea", "ascii")));
        p.put("silence.timeout.s", Math.max(1, f.millis(m.getOrDefault("silenceTimeout", "10s"),
                at + "silenceTimeout") / 1000));
        p.put("reply.timeout.ms", f.millis(m.getOrDefault("replyTimeout", "1s"), at + "replyTimeout"));
        p.put("reopen.max.s", Math.max(1, f.millis(m.getOrDefault("reopenMax", "30s"), at + "reopenMax") / 1000));
        return p;
    }
}
