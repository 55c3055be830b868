package org.hanedge.gateway.serial.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a serial device's readings to the {@link ReadingSink}; a failing sink is logged, never thrown. */
final class ReadingPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDevice.class);

    private final String deviceId;
    private final ReadingSink sink;

    ReadingPublisher(String deviceId, ReadingSink sink) {
        this.deviceId = deviceId;
        this.sink = sink;
    }

    void publish(List<Reading> rs) {
        if (rs.isEmpty()) {
            return;
        }
        try {
            sink.publish(rs);
        } catch (RuntimeException e) {
            LOG.error("device {}: reading sink failed", deviceId, e);
        }
    }

    /** Value-less readings of {@code quality} for {@code channels}, dated {@code now}. */
    List<Reading> failed(List<ChannelSpec> channels, Instant now, Quality quality) {
        List<Reading> rs = new ArrayList<>(channels.size());
        for (ChannelSpec c : channels) {
            rs.add(Reading.failed(deviceId, c.name(), c.unit(), now, quality));
        }
        return rs;
    }
}
