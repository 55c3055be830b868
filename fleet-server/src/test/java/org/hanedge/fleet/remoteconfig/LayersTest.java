package org.hanedge.fleet.remoteconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.fleet.api.BadRequestException;
import org.junit.jupiter.api.Test;

/** The merge of layers and the origin of each value. */
class LayersTest {
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void mappingsMergeKeyByKeyAndEverythingElseIsReplacedWhole() {
        Map<String, Object> fleet = map("uplink", map("broker", "ssl://fleet:8883", "format", "senml+json"),
                "outbox", map("maxSize", "256MiB"), "rules", map("deadbands", map("lake-1/ph", 0.05)));
        Map<String, Object> kind = map("uplink", map("format", "senml+cbor"),
                "rules", map("deadbands", map("lake-1/turbidity", 1)));
        Map<String, Object> gateway = map("gateway", map("id", "gw-1"),
                "devices", List.of(map("id", "lake-1", "profile", "lake")),
                "outbox", null, "rules", map("deadbands", map("lake-1/ph", 0.2)));

        Layers.Merged m = Layers.merge(List.of(new Layers.Layer("fleet", fleet), new Layers.Layer("kind:lake", kind),
                new Layers.Layer("gateway", gateway)));

        assertThat(m.site()).isEqualTo(map("uplink", map("broker", "ssl://fleet:8883", "format", "senml+cbor"),
                "rules", map("deadbands", map("lake-1/ph", 0.2, "lake-1/turbidity", 1)),
                "gateway", map("id", "gw-1"), "devices", List.of(map("id", "lake-1", "profile", "lake"))));
        assertThat(m.origins()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "devices", "gateway",
                "gateway.id", "gateway",
                "rules.deadbands.lake-1/ph", "gateway",
                "rules.deadbands.lake-1/turbidity", "kind:lake",
                "uplink.broker", "fleet",
                "uplink.format", "kind:lake")));
        // the layers' own documents are left as they were
        assertThat(fleet.get("outbox")).isEqualTo(map("maxSize", "256MiB"));
        assertThat(((Map<?, ?>) ((Map<?, ?>) fleet.get("rules")).get("deadbands")).get("lake-1/ph")).isEqualTo(0.05);
    }

    @Test
    void aValueReplacingAMappingDropsTheOriginsBelowIt() {
        Layers.Merged m = Layers.merge(List.of(
                new Layers.Layer("fleet", map("remoteConfig", map("healthWindow", "60s"))),
                new Layers.Layer("gateway", map("remoteConfig", "oops"))));
        assertThat(m.origins()).containsExactly(Map.entry("remoteConfig", "gateway"));
        Layers.Merged back = Layers.merge(List.of(
                new Layers.Layer("fleet", map("outbox", map())),
                new Layers.Layer("tag:x", map("outbox", map("maxSize", "1MiB")))));
        assertThat(back.origins()).containsExactly(Map.entry("outbox.maxSize", "tag:x"));
        assertThat(Layers.merge(List.of()).site()).isEqualTo(new HashMap<>());
    }

    @Test
    void groupsAreWrittenAsLabels() {
        assertThat(LayerGroup.parse("group", "fleet")).isEqualTo(LayerGroup.FLEET);
        assertThat(LayerGroup.parse("group", "Kind:lake").label()).isEqualTo("kind:lake");
        assertThat(LayerGroup.parse("group", "district:Hải Châu")).isEqualTo(new LayerGroup(LayerGroup.Scope.DISTRICT,
                "Hải Châu"));
        assertThat(LayerGroup.parse("group", "tag:green-wave corridor").label()).isEqualTo("tag:green-wave corridor");
        assertThatThrownBy(() -> LayerGroup.parse("group", "site:7")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("group");
        assertThatThrownBy(() -> LayerGroup.parse("group", "kind:")).isInstanceOf(BadRequestException.class);
    }
}
