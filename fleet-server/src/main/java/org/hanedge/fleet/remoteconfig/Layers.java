package org.hanedge.fleet.remoteconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The merge of configuration layers into a gateway's effective site document: fleet default, then the groups (site
 * kind, district, tags in name order), then the gateway's own document. A higher layer's mapping is merged into the
 * lower one's key by key; any other value (a list such as {@code devices}, a string, a number) replaces the lower
 * one whole; {@code null} removes the key. {@link Merged#origins()} names, for every value of the result, the layer it
 * came from (paths in the site file's notation: {@code uplink.broker}, {@code rules.deadbands.lake-1/ph};
 * a list is one value).
 */
final class Layers {
    /** The gateway's own document's label. */
    static final String GATEWAY = "gateway";

    private Layers() {
    }

    /** One layer: its label ({@code fleet}, {@code kind:lake}, {@code gateway}) and its (partial) site document. */
    record Layer(String label, Map<String, Object> document) {
    }

    /** @param origins value path -> label of the layer it came from, in path order */
    record Merged(Map<String, Object> site, Map<String, String> origins) {
    }

    /** Merges the layers, lowest first. Never changes the given documents. */
    static Merged merge(List<Layer> layers) {
        Map<String, Object> site = new LinkedHashMap<>();
        Map<String, String> origins = new TreeMap<>();
        for (Layer l : layers) {
            mergeInto(site, l.document(), "", l.label(), origins);
        }
        return new Merged(site, origins);
    }

    private static void mergeInto(Map<String, Object> target, Map<?, ?> layer, String at, String label,
            Map<String, String> origins) {
        for (Map.Entry<?, ?> e : layer.entrySet()) {
            String key = String.valueOf(e.getKey());
            String path = at.isEmpty() ? key : at + "." + key;
            Object v = e.getValue();
            if (v == null) {
                target.remove(key);
                forget(origins, path);
            } else if (v instanceof Map<?, ?> m && target.get(key) instanceof Map<?, ?> existing) {
                @SuppressWarnings("unchecked")
                Map<String, Object> sub = (Map<String, Object>) existing;
                if (!m.isEmpty()) {
                    origins.remove(path); // an empty mapping below had its own origin
                }
                mergeInto(sub, m, path, label, origins);
            } else if (v instanceof Map<?, ?> m) {
                Map<String, Object> sub = new LinkedHashMap<>();
                forget(origins, path);
                mergeInto(sub, m, path, label, origins);
                target.put(key, sub);
                if (m.isEmpty()) {
                    origins.put(path, label);
                }
            } else {
                forget(origins, path);
                target.put(key, copy(v));
                origins.put(path, label);
            }
        }
    }

    /** Drops the origins of a path and of everything under it (it is replaced or removed). */
    private static void forget(Map<String, String> origins, String path) {
        origins.remove(path);
        origins.keySet().removeIf(p -> p.startsWith(path + "."));
    }

    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), copy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }
}
