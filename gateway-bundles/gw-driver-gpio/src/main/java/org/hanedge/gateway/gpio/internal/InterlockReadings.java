package org.hanedge.gateway.gpio.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.hanedge.gateway.api.LatestReadings;
import org.hanedge.gateway.api.Reading;

/**
 * Where an interlock's channel is read from. The channel usually lives on another device of the same site (the
 * wet-well level comes from the station PLC over Modbus, the pump relays are on the gateway's GPIO), so the reading
 * checked is the latest one of that channel among all devices of this gateway that run the same profile id (this
 * device included), as found in {@link LatestReadings}; if several have one, the most recent counts. Which devices
 * run the profile comes from the {@code hanedge.profile.id} property of the registered {@code DeviceDriver}
 * services.
 */
final class InterlockReadings {
    private final Supplier<LatestReadings> latest;
    private final Supplier<Collection<String>> devicesOfProfile;

    /**
     * @param latest           the gateway's latest readings, or a supplier of null while there are none
     * @param devicesOfProfile ids of the devices running the same profile id (this device included)
     */
    InterlockReadings(Supplier<LatestReadings> latest, Supplier<Collection<String>> devicesOfProfile) {
        this.latest = latest;
        this.devicesOfProfile = devicesOfProfile;
    }

    /** The most recent reading of {@code channel} among the devices of the profile, of any quality. */
    Optional<Reading> latest(String channel) {
        LatestReadings l = latest.get();
        if (l == null) {
            return Optional.empty();
        }
        return devicesOfProfile.get().stream().distinct().map(d -> l.latest(d, channel))
                .flatMap(Optional::stream).filter(Objects::nonNull).max(Comparator.comparing(Reading::time));
    }
}
