package org.hanedge.gateway.profile;

import java.util.List;

import org.hanedge.gateway.api.profile.Lwm2mMapping;
import org.yaml.snakeyaml.nodes.Node;

/** Parses a channel's {@code lwm2m} mapping: object, instance and resource, unique per profile. */
final class Lwm2mParser {
    private static final List<String> LWM2M_KEYS = List.of("object", "instance", "resource");
    private static final int MAX_ID = 65535;

    private final NodeReader reader;
    private final ChannelChecks checks;

    Lwm2mParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.checks = checks;
    }

    /** The mapping at {@code node} of {@code channel} (null if unnamed); null if it has problems. */
    Lwm2mMapping parse(Node node, String path, String channel) {
        YamlMap m = reader.map(node, path);
        if (m == null) {
            return null;
        }
        m.allowOnly(LWM2M_KEYS);
        Integer object = reader.integer(m, "object", true, 0, MAX_ID);
        Integer instance = reader.integer(m, "instance", true, 0, MAX_ID);
        Integer resource = reader.integer(m, "resource", true, 0, MAX_ID);
        if (object == null || instance == null || resource == null) {
            return null;
        }
        Lwm2mMapping mapping = new Lwm2mMapping(object, instance, resource);
        checks.lwm2m(mapping, channel, node, path);
        return mapping;
    }
}
