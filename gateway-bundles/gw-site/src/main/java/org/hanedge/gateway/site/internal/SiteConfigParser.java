package org.hanedge.gateway.site.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses the gateway's site config file (format in docs/gateway-config.md) and maps each section to the
 * configuration of the component that reads it.
 */
final class SiteConfigParser {
    private static final List<String> BUSES = List.of("modbus", "serial", "gpio");

    private SiteConfigParser() {
    }

    /**
     * @param file               the site config file
     * @param defaultProfilesDir where profiles are when the file does not say
     */
    static SiteConfig parse(Path file, Path defaultProfilesDir) throws SiteConfigException {
        return parse(read(file), new Fields(file), defaultProfilesDir);
    }

    /** The site file's YAML as a tree of maps, lists and scalars (not yet checked). */
    static Object read(Path file) throws SiteConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SiteConfigException(file, "cannot read: " + e);
        }
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new SiteConfigException(file, "not valid YAML: " + e.getMessage());
        }
    }

    /**
     * Checks a site document (the site file's tree, or a pushed configuration merged with the file's local fields)
     * and maps each section to the configuration of the component that reads it.
     *
     * @param f                  the document's source and the folder relative paths start from
     * @param defaultProfilesDir where profiles are when the document does not say
     */
    static SiteConfig parse(Object root, Fields f, Path defaultProfilesDir) throws SiteConfigException {
        Map<String, Object> top = f.map(root, "(top level)");
        f.allowOnly(top, "", Set.of("gateway", "profiles", "devices", "uplink", "outbox", "rules", "remoteConfig"));
        Map<String, Object> gateway = f.map(f.required(top, "gateway", ""), "gateway");
        f.allowOnly(gateway, "gateway.", Set.of("id"));
        String gatewayId = f.id(f.required(gateway, "id", "gateway."), "gateway.id");

        Path profiles = top.containsKey("profiles") ? f.path(top.get("profiles"), "profiles") : defaultProfilesDir;
        Map<String, Object> outbox = OutboxSection.properties(f,
                top.containsKey("outbox") ? f.map(top.get("outbox"), "outbox") : Map.of());
        Optional<Map<String, Object>> uplink = top.containsKey("uplink")
                ? Optional.of(UplinkSection.properties(f, gatewayId, f.map(top.get("uplink"), "uplink")))
                : Optional.empty();
        List<DeviceConfig> devices = devices(f, top);
        Map<String, Object> rules = RulesSection.properties(f,
                top.containsKey("rules") ? f.map(top.get("rules"), "rules") : Map.of(),
                devices.stream().map(DeviceConfig::id).collect(Collectors.toSet()));
        Map<String, Object> remoteConfig = RemoteConfigSection.properties(f,
                top.containsKey("remoteConfig") ? f.map(top.get("remoteConfig"), "remoteConfig") : Map.of());
        return new SiteConfig(gatewayId, profiles, devices, outbox, uplink, rules, remoteConfig);
    }

    private static List<DeviceConfig> devices(Fields f, Map<String, Object> top) throws SiteConfigException {
        List<DeviceConfig> devices = new ArrayList<>();
        Object list = top.getOrDefault("devices", List.of());
        if (!(list instanceof List<?> items)) {
            throw f.error("devices", "must be a list of devices");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "devices[" + i + "].";
            Map<String, Object> m = f.map(items.get(i), "devices[" + i + "]");
            f.allowOnly(m, at, Set.of("id", "profile", "modbus", "serial", "gpio"));
            String id = f.id(f.required(m, "id", at), at + "id");
            String profile = f.id(f.required(m, "profile", at), at + "profile");
            List<String> buses = BUSES.stream().filter(m::containsKey).toList();
            if (buses.size() != 1) {
                throw f.error(at + (buses.isEmpty() ? "modbus" : buses.get(1)), "device '" + id
                        + "' needs exactly one bus section (modbus, serial or gpio)");
            }
            if (!seen.add(id)) {
                throw f.error(at + "id", "duplicate device id '" + id + "'");
            }
            String bus = buses.get(0);
            Map<String, Object> section = f.map(m.get(bus), at + bus);
            String sectionAt = at + bus + ".";
            devices.add(switch (bus) {
                case "modbus" -> new DeviceConfig(id, profile, ModbusSection.FACTORY_PID,
                        ModbusSection.properties(f, id, profile, section, sectionAt));
                case "serial" -> new DeviceConfig(id, profile, SerialSection.FACTORY_PID,
                        SerialSection.properties(f, id, profile, section, sectionAt));
                default -> new DeviceConfig(id, profile, GpioSection.FACTORY_PID,
                        GpioSection.properties(f, id, profile, section, sectionAt));
            });
        }
        return devices;
    }
}
