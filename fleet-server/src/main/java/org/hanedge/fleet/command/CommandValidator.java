package org.hanedge.fleet.command;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.hanedge.fleet.api.UnprocessableException;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a command makes sense for the gateway before it is sent: the device is one the gateway announced in its
 * last birth ({@link GatewayDirectory}), its profile is one this server knows ({@link ProfileCatalog}), the channel
 * is a writable output of that profile (a {@code gpio} channel with {@code mode: output}, the only outputs profiles
 * have, docs/profiles.md) and the value has the output's type (a boolean). Refusals are
 * {@link UnprocessableException}s naming the field. The gateway checks again (and its driver the interlocks).
 */
@Component
public class CommandValidator {
    private final GatewayDirectory directory;
    private final ProfileCatalog profiles;

    public CommandValidator(GatewayDirectory directory, ProfileCatalog profiles) {
        this.directory = directory;
        this.profiles = profiles;
    }

    /** The profile channel the command writes; throws naming the field when the command does not fit. */
    public ChannelSpec check(String gatewayId, CommandRequest c) {
        Map<String, String> devices = directory.entry(gatewayId).map(GatewayDirectory.Entry::devices)
                .orElse(Map.of());
        String profileId = devices.get(c.device());
        if (profileId == null) {
            throw new UnprocessableException("device", devices.isEmpty()
                    ? "gateway '" + gatewayId + "' has announced no devices (no birth with devices yet)"
                    : "'" + c.device() + "' is not a device of gateway '" + gatewayId + "' (its devices: "
                            + String.join(", ", new TreeSet<>(devices.keySet())) + ")");
        }
        DeviceProfile profile = profiles.profile(profileId).orElseThrow(() -> new UnprocessableException("device",
                "'" + c.device() + "' runs profile '" + profileId + "', which this server does not know"));
        List<String> outputs = outputs(profile);
        String which = outputs.isEmpty() ? "it has no writable outputs" : "its outputs: " + String.join(", ", outputs);
        ChannelSpec channel = profile.channel(c.channel()).orElseThrow(() -> new UnprocessableException("channel",
                "profile '" + profileId + "' of device '" + c.device() + "' has no channel '" + c.channel() + "' ("
                        + which + ")"));
        if (!isOutput(channel)) {
            throw new UnprocessableException("channel", "'" + c.channel() + "' is not a writable output of profile '"
                    + profileId + "' (" + which + ")");
        }
        JsonNode v = c.value();
        if (v == null || !v.isBoolean()) {
            throw new UnprocessableException("value", "'" + c.channel() + "' is a digital output: value must be true"
                    + " or false, got " + (v == null ? "nothing" : clip(v.toString())));
        }
        return channel;
    }

    /** The writable outputs of a profile, in profile order. */
    public static List<String> outputs(DeviceProfile profile) {
        return profile.channels().stream().filter(CommandValidator::isOutput).map(ChannelSpec::name).toList();
    }

    public static boolean isOutput(ChannelSpec c) {
        return c.source() instanceof GpioSource g && g.mode() == GpioMode.OUTPUT;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
