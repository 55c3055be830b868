package org.hanedge.fleet.health;

import java.time.Duration;
import java.util.Optional;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;

/**
 * How long a channel may stay silent before it is stale: its profile's {@link ChannelSpec#maxSilence()}. Derived window
 * channels ({@code <name>_min}, {@code <name>_max}) use their channel's.
 */
final class StaleLimit {
    private StaleLimit() {
    }

    static Optional<Duration> of(DeviceProfile profile, String channel) {
        Optional<ChannelSpec> spec = profile.channel(channel);
        if (spec.isEmpty() && (channel.endsWith("_min") || channel.endsWith("_max"))) {
            spec = profile.channel(channel.substring(0, channel.length() - 4))
                    .filter(c -> c.reporting() != null && c.reporting().window() != null);
        }
        return spec.flatMap(ChannelSpec::maxSilence);
    }
}
