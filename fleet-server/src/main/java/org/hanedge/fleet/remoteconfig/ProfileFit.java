package org.hanedge.fleet.remoteconfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.hanedge.fleet.api.FieldProblem;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;

/**
 * What the site parser cannot know, checked against the server's profile catalog: each device's profile exists,
 * each deadband override names a numeric, non-windowed channel of its device's profile, and each stated profile
 * version is in the library (any version the catalog holds). The same three rules as the gateway's own check (gw-config-agent's {@code ProfileCheck},
 * which runs against the profiles the gateway has); kept here as a second implementation because that class lives in
 * an implementation bundle the server may not depend on, and its input is the gateway's OSGi profile services. Run
 * after the site parser accepted the document, so its structure is sound.
 */
final class ProfileFit {
    private ProfileFit() {
    }

    /**
     * @param site            a site document the site parser accepted
     * @param profileVersions profile id -> version the configuration states, or null
     */
    static List<FieldProblem> check(Map<String, Object> site, Map<String, String> profileVersions,
            ProfileCatalog catalog) {
        List<FieldProblem> errors = new ArrayList<>();
        Map<String, DeviceProfile> byId = new HashMap<>();
        catalog.all().forEach(p -> byId.put(p.id(), p));
        String known = byId.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byId.keySet()));
        if (profileVersions != null) {
            profileVersions.forEach((id, version) -> {
                DeviceProfile p = byId.get(id);
                if (p == null) {
                    errors.add(new FieldProblem("profileVersions." + id, "no profile '" + id
                            + "' in the server's catalog (" + known + ")"));
                } else if (catalog.version(id, version).isEmpty()) {
                    errors.add(new FieldProblem("profileVersions." + id, "the server's profile library has " + id
                            + " " + String.join(", ", catalog.versions(id)) + ", not " + version));
                }
            });
        }
        Map<String, String> profileOfDevice = profilesOfDevices(site);
        int i = 0;
        for (String profile : profileOfDevice.values()) {
            if (!byId.containsKey(profile)) {
                errors.add(new FieldProblem("devices[" + i + "].profile", "no profile '" + profile
                        + "' in the server's catalog (" + known + ")"));
            }
            i++;
        }
        if (site.get("rules") instanceof Map<?, ?> rules && rules.get("deadbands") instanceof Map<?, ?> bands) {
            for (Object key : bands.keySet()) {
                String k = String.valueOf(key);
                int slash = k.indexOf('/');
                DeviceProfile p = slash < 0 ? null : byId.get(profileOfDevice.get(k.substring(0, slash)));
                if (p == null) {
                    continue; // the site parser named the device; a missing profile is reported above
                }
                String channel = k.substring(slash + 1);
                Optional<ChannelSpec> c = p.channel(channel);
                String path = "rules.deadbands." + k;
                if (c.isEmpty()) {
                    errors.add(new FieldProblem(path, "profile " + p.ref() + " has no channel '" + channel + "'"));
                } else if (c.get().kind() != ValueKind.NUMBER) {
                    errors.add(new FieldProblem(path, "channel " + channel + " of profile " + p.ref()
                            + " is not a number: a deadband does not apply"));
                } else if (c.get().reporting() != null && c.get().reporting().window() != null) {
                    errors.add(new FieldProblem(path, "channel " + channel + " of profile " + p.ref()
                            + " reports by window: a deadband does not apply"));
                }
            }
        }
        return errors;
    }

    /** The catalog's versions of the profiles the document's devices use (what the configuration is written for). */
    static Map<String, String> catalogVersions(Map<String, Object> site, ProfileCatalog catalog) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String profile : profilesOfDevices(site).values()) {
            catalog.profile(profile).ifPresent(p -> out.put(p.id(), p.version()));
        }
        return out;
    }

    /** Device id -> profile id, in document order. */
    private static Map<String, String> profilesOfDevices(Map<String, Object> site) {
        Map<String, String> out = new LinkedHashMap<>();
        if (site.get("devices") instanceof List<?> devices) {
            for (Object d : devices) {
                if (d instanceof Map<?, ?> device && device.get("profile") instanceof String profile) {
                    out.put(String.valueOf(device.get("id")), profile);
                }
            }
        }
        return out;
    }
}
