package org.hanedge.gateway.site.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code rules:} section (optional): this site's overrides of its profiles' edge rules, mapped to the edge stage's
 * configuration (gw-rules, docs/rules.md). Written with an empty override list when absent, so Config Admin mirrors
 * the file.
 */
final class RulesSection {
    static final String PID = "org.hanedge.gateway.rules";
    /** Config Admin property: {@code device/channel=deadband} entries. */
    static final String DEADBANDS = "deadband.overrides";
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]*");

    private RulesSection() {
    }

    /** @param devices the ids of the site's devices (an override names one of them) */
    static Map<String, Object> properties(Fields f, Map<String, Object> m, Set<String> devices)
            throws SiteConfigException {
        String at = "rules.";
        f.allowOnly(m, at, Set.of("deadbands"));
        Map<String, Double> deadbands = new TreeMap<>();
        if (m.containsKey("deadbands")) {
            Map<String, Object> d = f.map(m.get("deadbands"), at + "deadbands");
            for (Map.Entry<String, Object> e : d.entrySet()) {
                String key = e.getKey();
                String field = at + "deadbands." + key;
                int slash = key.indexOf('/');
                if (slash < 0 || key.indexOf('/', slash + 1) >= 0
                        || !CHANNEL.matcher(key.substring(slash + 1)).matches()) {
                    throw f.error(field, "must be device/channel (a device of this site and a channel of its "
                            + "profile)");
                }
                if (!devices.contains(key.substring(0, slash))) {
                    throw f.error(field, "no device '" + key.substring(0, slash) + "' on this site");
                }
                deadbands.put(key, f.nonNegative(e.getValue(), field));
            }
        }
        return Map.of(DEADBANDS, deadbands.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
    }
}
