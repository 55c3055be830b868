package org.hanedge.gateway.uplink.mqtt.internal;

import java.math.BigDecimal;
import java.util.function.Function;

import org.hanedge.contract.senml.Precisions;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;

/**
 * Each channel's precision from its device's profile: device id -> profile (the bound {@link DeviceProfile} service
 * the device's driver names) -> channel -> {@link ChannelSpec#precision()}. Unknown devices, profiles or channels,
 * and channels without a precision, are sent unrounded.
 */
final class ProfilePrecisions implements Precisions {
    private final Function<String, DeviceProfile> profileOfDevice;

    /** @param profileOfDevice device id -> its profile, or null when not known (yet) */
    ProfilePrecisions(Function<String, DeviceProfile> profileOfDevice) {
        this.profileOfDevice = profileOfDevice;
    }

    @Override
    public BigDecimal of(String device, String channel) {
        DeviceProfile p = profileOfDevice.apply(device);
        if (p == null) {
            return null;
        }
        return p.channel(channel).map(ChannelSpec::precision).orElse(null);
    }
}
