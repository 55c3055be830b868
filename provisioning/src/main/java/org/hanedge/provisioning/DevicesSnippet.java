package org.hanedge.provisioning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The {@code devices:} section of a site config (what {@code ./hanedge simulate KIND} prints, or what a technician
 * wrote for the devices wired to the gateway). Only its shape is checked here; the gateway validates every field.
 */
public final class DevicesSnippet {
    private DevicesSnippet() {
    }

    /** The device entries of the file: a YAML mapping with a non-empty {@code devices:} list of mappings. */
    public static List<Map<String, Object>> read(Path file) throws ProvisioningException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProvisioningException("devices file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String text, String name) throws ProvisioningException {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new ProvisioningException("devices file " + name + " is not YAML: "
                    + e.getMessage().replace('\n', ' '));
        }
        if (!(doc instanceof Map<?, ?> map) || !(map.get("devices") instanceof List<?> list) || list.isEmpty()) {
            throw new ProvisioningException("devices file " + name + ": expected a 'devices:' list with at least one "
                    + "device (e.g. the snippet ./hanedge simulate KIND prints)");
        }
        if (map.size() != 1) {
            throw new ProvisioningException("devices file " + name + ": only 'devices:' is allowed, found "
                    + map.keySet());
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> d) || !(d.get("id") instanceof String)
                    || !(d.get("profile") instanceof String)) {
                throw new ProvisioningException("devices file " + name + ": devices[" + i
                        + "] must be a mapping with 'id' and 'profile'");
            }
        }
        return (List<Map<String, Object>>) list;
    }
}
