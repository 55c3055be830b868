package org.hanedge.gateway.config.agent.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;

/**
 * What the site parser cannot know: whether a desired configuration fits the profiles this gateway runs. The
 * profile versions it was written for, each device's profile and each deadband override's channel. Run after the
 * site parser accepted the document (its structure is sound). With no profile registered at all (the profile folder
 * not loaded yet) nothing is checked here: the health window still catches a device without its profile.
 */
final class ProfileCheck {
    private ProfileCheck() {
    }

    static List<ConfigError> check(DesiredConfig d, Collection<DeviceProfile> registered) {
        List<ConfigError> errors = new ArrayList<>();
        if (registered.isEmpty()) {
            return errors;
        }
        Map<String, DeviceProfile> byId = new HashMap<>();
        registered.forEach(p -> byId.put(p.id(), p));
        String known = String.join(", ", new TreeSet<>(byId.keySet()));
        d.profileVersions().forEach((id, version) -> {
            DeviceProfile p = byId.get(id);
            if (p == null) {
                errors.add(new ConfigError("profileVersions." + id, "no profile '" + id + "' on this gateway ("
                        + known + ")"));
            } else if (!p.version().equals(version)) {
                errors.add(new ConfigError("profileVersions." + id, "this gateway runs " + id + " " + p.version()
                        + ", the configuration was written for " + version));
            }
        });
        Map<String, String> profileOfDevice = new HashMap<>();
        if (d.site().get("devices") instanceof List<?> devices) {
            for (int i = 0; i < devices.size(); i++) {
                if (devices.get(i) instanceof Map<?, ?> device && device.get("profile") instanceof String profile) {
                    profileOfDevice.put(String.valueOf(device.get("id")), profile);
                    if (!byId.containsKey(profile)) {
                        errors.add(new ConfigError("devices[" + i + "].profile", "no profile '" + profile
                                + "' on this gateway (" + known + ")"));
                    }
                }
            }
        }
        if (d.site().get("rules") instanceof Map<?, ?> rules && rules.get("deadbands") instanceof Map<?, ?> bands) {
            for (Object key : bands.keySet()) {
                String k = String.valueOf(key);
                int slash = k.indexOf('/');
                DeviceProfile p = slash < 0 ? null : byId.get(profileOfDevice.get(k.substring(0, slash)));
                if (p == null) {
                    continue; // the site parser named the device; its profile's absence is reported above
                }
                String channel = k.substring(slash + 1);
                Optional<ChannelSpec> c = p.channel(channel);
                String path = "rules.deadbands." + k;
                if (c.isEmpty()) {
                    errors.add(new ConfigError(path, "profile " + p.ref() + " has no channel '" + channel + "'"));
                } else if (c.get().kind() != ValueKind.NUMBER) {
                    errors.add(new ConfigError(path, "channel " + channel + " of profile " + p.ref()
                            + " is not a number: a deadband does not apply"));
                } else if (c.get().reporting() != null && c.get().reporting().window() != null) {
                    errors.add(new ConfigError(path, "channel " + channel + " of profile " + p.ref()
                            + " reports by window: a deadband does not apply"));
                }
            }
        }
        return errors;
    }
}
