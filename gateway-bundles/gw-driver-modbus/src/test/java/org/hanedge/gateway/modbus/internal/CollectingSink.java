package org.hanedge.gateway.modbus.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;

/** Keeps every published reading. */
final class CollectingSink implements ReadingSink {
    final List<Reading> readings = new CopyOnWriteArrayList<>();

    @Override
    public void publish(List<Reading> batch) {
        readings.addAll(batch);
    }

    List<Reading> of(String deviceId) {
        return readings.stream().filter(r -> r.deviceId().equals(deviceId)).toList();
    }

    Optional<Reading> latest(String deviceId, String channel) {
        Reading last = null;
        for (Reading r : readings) {
            if (r.deviceId().equals(deviceId) && r.channel().equals(channel)) {
                last = r;
            }
        }
        return Optional.ofNullable(last);
    }

    long count(String deviceId, Quality quality) {
        return readings.stream().filter(r -> r.deviceId().equals(deviceId) && r.quality() == quality).count();
    }

    long count(String deviceId, String channel, Quality quality) {
        return readings.stream().filter(r -> r.deviceId().equals(deviceId) && r.channel().equals(channel)
                && r.quality() == quality).count();
    }
}
