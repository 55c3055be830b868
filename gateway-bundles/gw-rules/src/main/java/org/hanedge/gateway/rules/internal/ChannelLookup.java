package org.hanedge.gateway.rules.internal;

import java.util.Optional;

import org.hanedge.gateway.api.profile.ChannelSpec;

/** The profile channel a device's reading belongs to: empty when the device's profile is unknown or lacks it. */
@FunctionalInterface
public interface ChannelLookup {
    Optional<ChannelSpec> channel(String deviceId, String channel);
}
