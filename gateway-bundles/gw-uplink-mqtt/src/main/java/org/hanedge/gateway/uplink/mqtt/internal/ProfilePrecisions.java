package org.hanedge.gateway.uplink.mqtt.internal;

import java.math.BigDecimal;
import java.util.function.Function;

import org.hanedge.contract.senml.Precisions;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;

/**
 * Each channel's precision from its device's profile: device id -> profile (the bound {@link DeviceProfile} service
 * the device's driver names) -> channel -> {@link ChannelSpec#precision()}. A window's {@code {channel}_min} and
 * {@code {channel}_max} readings (gw-rules) take their channel's precision. Unknown devices, profiles or channels,
 * and channels without a precision, are sent unrounded.
 */
final class ProfilePrecisions implements Precisions {
    private static final String MIN = "_min";
    private static final String MAX = "_max";
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
        ChannelSpec c = p.channel(channel).orElse(null);
        if (c == null && (channel.endsWith(MIN) || channel.endsWith(MAX))) {
            c = p.channel(channel.substring(0, channel.length() - MIN.length())).orElse(null);
        }
        return c == null ? null : c.precision();
    }
}
