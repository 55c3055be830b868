package org.hanedge.gateway.site.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses the gateway's site config file (format in docs/gateway-config.md) and maps each device to the
 * configuration its driver reads.
 */
final class SiteConfigParser {
    static final String MODBUS_FACTORY_PID = "org.hanedge.gateway.modbus.device";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final Path file;

    private SiteConfigParser(Path file) {
        this.file = file;
    }

    /**
     * @param file               the site config file
     * @param defaultProfilesDir where profiles are when the file does not say
     */
    static SiteConfig parse(Path file, Path defaultProfilesDir) throws SiteConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SiteConfigException(file, "cannot read: " + e);
        }
        return new SiteConfigParser(file).parseText(text, defaultProfilesDir);
    }

    private SiteConfig parseText(String text, Path defaultProfilesDir) throws SiteConfigException {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new SiteConfigException(file, "not valid YAML: " + e.getMessage());
        }
        Map<String, Object> top = map(root, "(top level)");
        allowOnly(top, "", Set.of("gateway", "profiles", "devices"));
        Map<String, Object> gateway = map(required(top, "gateway", ""), "gateway");
        allowOnly(gateway, "gateway.", Set.of("id"));
        String gatewayId = id(required(gateway, "id", "gateway."), "gateway.id");

        Path profiles = top.containsKey("profiles")
                ? resolve(string(top.get("profiles"), "profiles"))
                : defaultProfilesDir;

        List<DeviceConfig> devices = new ArrayList<>();
        Object list = top.getOrDefault("devices", List.of());
        if (!(list instanceof List<?> items)) {
            throw error("devices", "must be a list of devices");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            DeviceConfig device = device(map(items.get(i), "devices[" + i + "]"), "devices[" + i + "].");
            if (!seen.add(device.id())) {
                throw error("devices[" + i + "].id", "duplicate device id '" + device.id() + "'");
            }
            devices.add(device);
        }
        return new SiteConfig(gatewayId, profiles, devices);
    }

    private DeviceConfig device(Map<String, Object> m, String at) throws SiteConfigException {
        allowOnly(m, at, Set.of("id", "profile", "modbus"));
        String id = id(required(m, "id", at), at + "id");
        String profile = id(required(m, "profile", at), at + "profile");
        if (!m.containsKey("modbus")) {
            throw error(at + "modbus", "device '" + id + "' has no bus section (expected: modbus)");
        }
        Map<String, Object> modbus = map(m.get("modbus"), at + "modbus");
        return new DeviceConfig(id, profile, MODBUS_FACTORY_PID, modbusProperties(id, profile, modbus, at + "modbus."));
    }

    private Map<String, Object> modbusProperties(String id, String profile, Map<String, Object> m, String at)
            throws SiteConfigException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("device.id", id);
        p.put("profile", profile);
        p.put("profile.target", "(hanedge.profile.id=" + profile + ")");
        String transport = string(required(m, "transport", at), at + "transport").toLowerCase(Locale.ROOT);
        switch (transport) {
            case "tcp" -> {
                allowOnly(m, at, Set.of("transport", "host", "port", "unitId", "timeout", "retries", "coalesceGap",
                        "offlineAfter", "offlinePoll"));
                p.put("host", string(m.getOrDefault("host", "127.0.0.1"), at + "host"));
                p.put("port", integer(m.getOrDefault("port", 502), at + "port", 1, 65535));
            }
            case "rtu" -> {
                allowOnly(m, at, Set.of("transport", "serialPort", "baud", "parity", "dataBits", "stopBits",
                        "unitId", "timeout", "retries", "coalesceGap", "offlineAfter", "offlinePoll"));
                p.put("serial.port", string(required(m, "serialPort", at), at + "serialPort"));
                p.put("serial.baud", integer(m.getOrDefault("baud", 9600), at + "baud", 300, 921600));
                String parity = string(m.getOrDefault("parity", "none"), at + "parity").toLowerCase(Locale.ROOT);
                if (!Set.of("none", "even", "odd").contains(parity)) {
                    throw error(at + "parity", "must be none, even or odd, not '" + parity + "'");
                }
                p.put("serial.parity", parity);
                p.put("serial.dataBits", integer(m.getOrDefault("dataBits", 8), at + "dataBits", 7, 8));
                p.put("serial.stopBits", integer(m.getOrDefault("stopBits", 1), at + "stopBits", 1, 2));
            }
            default -> throw error(at + "transport", "must be tcp or rtu, not '" + transport + "'");
        }
        p.put("transport", transport);
        p.put("unit.id", integer(m.getOrDefault("unitId", 1), at + "unitId", 0, 247));
        p.put("timeout.ms", (int) millis(m.getOrDefault("timeout", "1s"), at + "timeout"));
        p.put("retries", integer(m.getOrDefault("retries", 2), at + "retries", 0, 10));
        p.put("coalesce.gap", integer(m.getOrDefault("coalesceGap", 8), at + "coalesceGap", 0, 124));
        p.put("offline.after", integer(m.getOrDefault("offlineAfter", 3), at + "offlineAfter", 1, 1000));
        p.put("offline.poll.s", (int) Math.max(1, millis(m.getOrDefault("offlinePoll", "30s"), at + "offlinePoll")
                / 1000));
        return p;
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        Path base = file.toAbsolutePath().getParent();
        return (p.isAbsolute() ? p : base.resolve(p)).normalize();
    }

    private SiteConfigException error(String field, String message) {
        return new SiteConfigException(file, field + ": " + message);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String field) throws SiteConfigException {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new HashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue());
            }
            return out;
        }
        throw error(field, "must be a mapping of keys to values" + (value == null ? " (it is empty)" : ""));
    }

    private Object required(Map<String, Object> m, String key, String at) throws SiteConfigException {
        Object v = m.get(key);
        if (v == null) {
            throw error(at + key, "is required");
        }
        return v;
    }

    private void allowOnly(Map<String, Object> m, String at, Set<String> allowed) throws SiteConfigException {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw error(at + key, "unknown key (allowed: " + String.join(", ", allowed.stream().sorted()
                        .toList()) + ")");
            }
        }
    }

    private String string(Object v, String field) throws SiteConfigException {
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        throw error(field, "must be a non-empty string, not '" + v + "'");
    }

    private String id(Object v, String field) throws SiteConfigException {
        String s = string(v, field);
        if (!ID.matcher(s).matches()) {
            throw error(field, "'" + s + "' is not a valid id (letters, digits, '.', '_', '-'; at most 64)");
        }
        return s;
    }

    private int integer(Object v, String field, int min, int max) throws SiteConfigException {
        if (v instanceof Integer i && i >= min && i <= max) {
            return i;
        }
        throw error(field, "must be an integer from " + min + " to " + max + ", not '" + v + "'");
    }

    private long millis(Object v, String field) throws SiteConfigException {
        Matcher m = DURATION.matcher(String.valueOf(v).trim());
        if (!m.matches()) {
            throw error(field, "must be a duration such as 500ms, 5s, 2m or 1h, not '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw error(field, "must be positive and under 24 days, not '" + v + "'");
        }
        return d.toMillis();
    }
}
