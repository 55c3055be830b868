package org.hanedge.fleet.health;

import java.time.Duration;
import java.util.Optional;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.SerialLineSource;

/**
 * How long a channel may stay silent before it is stale, from its profile: {@code max(3 × poll, 2 × heartbeat)}.
 * Without a heartbeat: {@code max(3 × poll, 2 × window)} for a windowed channel; {@code 3 × poll} for a polled channel
 * that reports every sample; none (never stale) for a channel reporting by exception or from an event source (GPIO
 * edges, streamed serial, NMEA), since its silence is normal. The poll term counts for polled sources only (Modbus,
 * serial lines with a request). Derived window channels ({@code <name>_min}, {@code <name>_max}) use their channel's.
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
        return spec.flatMap(StaleLimit::of);
    }

    static Optional<Duration> of(ChannelSpec c) {
        Reporting r = c.reporting();
        Duration byPoll = polled(c) && c.poll() != null ? c.poll().multipliedBy(3) : null;
        if (r != null && r.heartbeat() != null) {
            return Optional.of(max(byPoll, r.heartbeat().multipliedBy(2)));
        }
        if (r != null && r.window() != null) {
            return Optional.of(max(byPoll, r.window().multipliedBy(2)));
        }
        if ((r == null || r.everySample()) && byPoll != null) {
            return Optional.of(byPoll);
        }
        return Optional.empty();
    }

    private static boolean polled(ChannelSpec c) {
        return c.source() instanceof ModbusSource
                || c.source() instanceof SerialLineSource s && s.request() != null && !s.request().isEmpty();
    }

    private static Duration max(Duration a, Duration b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
