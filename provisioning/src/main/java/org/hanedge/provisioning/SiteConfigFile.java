package org.hanedge.provisioning;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a gateway's site config (docs/gateway-config.md): gateway id, profiles folder, devices, uplink with the
 * gateway's own credential, outbox. The file holds a password, so it is created with mode 0600 (owner only) before
 * any byte is written, and replaces an older file atomically.
 */
public final class SiteConfigFile {
    private SiteConfigFile() {
    }

    /** The settings written. */
    public record Contents(String gatewayId, String profilesDir, List<Map<String, Object>> devices, String broker,
            String username, String password, String outboxMaxSize, String statsInterval) {
        @Override
        public String toString() {
            return "Contents[gatewayId=" + gatewayId + ", broker=" + broker + ", username=" + username
                    + ", password=********]";
        }
    }

    public static void write(Path file, Contents c) throws ProvisioningException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("gateway", Map.of("id", c.gatewayId()));
        if (c.profilesDir() != null) {
            doc.put("profiles", c.profilesDir());
        }
        doc.put("devices", c.devices());
        Map<String, Object> uplink = new LinkedHashMap<>();
        uplink.put("broker", c.broker());
        uplink.put("username", c.username());
        uplink.put("password", c.password());
        if (c.statsInterval() != null) {
            uplink.put("statsInterval", c.statsInterval());
        }
        doc.put("uplink", uplink);
        Map<String, Object> outbox = new LinkedHashMap<>();
        outbox.put("maxSize", c.outboxMaxSize());
        outbox.put("policy", "drop-oldest");
        doc.put("outbox", outbox);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        String text = "# HanEdge site config of gateway " + c.gatewayId()
                + ", written by ./hanedge provision (holds the gateway's MQTT password: keep it mode 0600)\n"
                + new Yaml(o).dump(doc);
        PrivateFile.write(file, text);
    }
}
