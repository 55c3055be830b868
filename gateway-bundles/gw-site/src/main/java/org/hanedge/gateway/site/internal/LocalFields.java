package org.hanedge.gateway.site.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a site document that belong to the gateway and never travel in a pushed configuration:
 * {@code gateway.id} (its identity; a pushed document must name the same) and the credential under {@code uplink}
 * ({@value #USERNAME}, {@value #PASSWORD}, {@value #TLS}: what it logs in with, and where its key material lies on
 * this machine). Everything here works on document trees (maps, lists, scalars) and copies them.
 */
final class LocalFields {
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TLS = "tls";
    static final List<String> CREDENTIAL = List.of(USERNAME, PASSWORD, TLS);

    private LocalFields() {
    }

    /** {@code gateway.id} and the credential keys of {@code uplink} that the tree has, with their values. */
    static Map<String, Object> of(Object root) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!(root instanceof Map<?, ?> top)) {
            return out;
        }
        if (top.get("gateway") instanceof Map<?, ?> g && g.containsKey("id")) {
            out.put("gateway.id", g.get("id"));
        }
        if (top.get("uplink") instanceof Map<?, ?> u) {
            for (String k : CREDENTIAL) {
                if (u.containsKey(k)) {
                    out.put("uplink." + k, copy(u.get(k)));
                }
            }
        }
        return out;
    }

    /** A copy of the tree without the credential keys (what may be compared, logged or reported). */
    static Map<String, Object> withoutCredential(Object root) {
        Map<String, Object> copy = asMap(copy(root));
        if (copy.get("uplink") instanceof Map<?, ?> u) {
            Map<String, Object> uplink = asMap(u);
            CREDENTIAL.forEach(uplink::remove);
        }
        return copy;
    }

    /**
     * The document a pushed configuration stands for on this gateway: a copy of it with the credential of the
     * local site file.
     *
     * @param pushed    the pushed site document
     * @param localRoot the site file's tree
     * @param f         the pushed document's source, for errors
     * @throws SiteConfigException a credential key pushed, another gateway's id, no uplink
     */
    static Map<String, Object> merge(Map<String, Object> pushed, Object localRoot, Fields f)
            throws SiteConfigException {
        Map<String, Object> merged = asMap(copy(pushed));
        Map<String, Object> local = of(localRoot);
        if (merged.get("gateway") instanceof Map<?, ?> g && local.containsKey("gateway.id")
                && g.containsKey("id") && !local.get("gateway.id").equals(g.get("id"))) {
            throw f.error("gateway.id", "'" + g.get("id") + "' is not this gateway ('" + local.get("gateway.id")
                    + "')");
        }
        Object uplink = merged.get("uplink");
        if (uplink == null) {
            throw f.error("uplink", "is required in a pushed configuration (without it the gateway would be cut off "
                    + "from the fleet)");
        }
        Map<String, Object> u = f.map(uplink, "uplink");
        for (String k : CREDENTIAL) {
            if (u.containsKey(k)) {
                throw f.error("uplink." + k, "is never pushed: the credential stays in the gateway's site file");
            }
            Object v = local.get("uplink." + k);
            if (v != null) {
                u.put(k, v);
            }
        }
        merged.put("uplink", u);
        return merged;
    }

    /** A deep copy with mutable maps (key order kept) and lists. */
    static Object copy(Object v) {
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object v) {
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : new LinkedHashMap<>();
    }
}
