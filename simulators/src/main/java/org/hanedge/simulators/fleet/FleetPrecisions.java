package org.hanedge.simulators.fleet;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import org.hanedge.contract.senml.Precisions;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;

/**
 * The one place where the virtual fleet learns a channel's precision (the step its values are rounded to on the
 * wire): the profile's {@code precision} key, as the gateway's uplink uses it (the wire benchmark uses it too). A
 * virtual gateway has one device, so the device name is not needed; a channel the profile does not declare a precision
 * for is sent unrounded.
 */
public final class FleetPrecisions {
    private FleetPrecisions() {
    }

    /** The precisions of a profile's channels. */
    public static Precisions of(DeviceProfile profile) {
        Map<String, BigDecimal> steps = new HashMap<>();
        for (ChannelSpec c : profile.channels()) {
            if (c.precision() != null) {
                steps.put(c.name(), c.precision());
            }
        }
        // a window's _min and _max readings (gw-rules) take their channel's precision, as on the gateway
        return steps.isEmpty() ? Precisions.NONE
                : (device, channel) -> steps.getOrDefault(channel, steps.get(channel.replaceFirst("_(min|max)$", "")));
    }
}
