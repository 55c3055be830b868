package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.hanedge.gateway.api.Reading;

/**
 * The gateway's position for its birth message: the newest {@code position_lat} / {@code position_lon} pair of one
 * device (as the profiles name GPS channels) that carries a value. A position repeated without a fix is UNCERTAIN and
 * says so in the document; a gateway that never had a fix has no position.
 */
record BirthPosition(String device, double lat, double lon, java.time.Instant time, boolean fix) {
    static final String LAT = "position_lat";
    static final String LON = "position_lon";

    static Optional<BirthPosition> from(List<Reading> latest) {
        return latest.stream()
                .filter(r -> r.channel().equals(LAT) && r.value() instanceof Double)
                .sorted(Comparator.comparing(Reading::time).reversed())
                .flatMap(lat -> latest.stream()
                        .filter(r -> r.deviceId().equals(lat.deviceId()) && r.channel().equals(LON)
                                && r.value() instanceof Double)
                        .map(lon -> new BirthPosition(lat.deviceId(), lat.numberValue(), lon.numberValue(),
                                lat.time(), lat.quality() == org.hanedge.gateway.api.Quality.GOOD)))
                .findFirst();
    }
}
