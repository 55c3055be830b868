package org.hanedge.simulators.fleet;

import org.hanedge.contract.senml.Precisions;
import org.hanedge.gateway.api.profile.DeviceProfile;

/**
 * The one place where the virtual fleet learns a channel's precision (the step its values are rounded to on the wire).
 * The profiles do not declare one yet, so this gives {@link Precisions#NONE}: the encoders then send each value's
 * shortest decimal, and the fleet's values are already rounded where they are made ({@link SiteValues},
 * {@link ChannelValues}). Once {@code ChannelSpec.precision()} exists, return it here.
 */
final class FleetPrecisions {
    private FleetPrecisions() {
    }

    /** The precisions of a profile's channels. */
    static Precisions of(DeviceProfile profile) {
        return Precisions.NONE;
    }
}
