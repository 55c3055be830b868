package org.hanedge.gateway.api.profile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * One channel of a profile.
 *
 * @param name        unique within the profile; lower snake case; becomes the SenML record name
 * @param description what the channel measures
 * @param unit        SenML/UCUM unit ({@code m}, {@code Cel}, {@code mg/L}, {@code m3/h} ...); {@code null} only for
 *                    boolean and text channels
 * @param kind        the kind of value the channel carries
 * @param source      where the value comes from
 * @param poll        how often a polled source is read; ignored by event sources (GPIO edges, streamed serial)
 * @param reporting   report-by-exception rule
 * @param alarms      alarm limits, or {@link AlarmLimits#NONE}
 * @param lwm2m       LwM2M object/instance/resource the channel maps to, or {@code null}
 * @param precision   numeric channels: the step the sensor resolves, in {@code unit} (e.g. {@code 0.1}); values go on
 *                    the wire rounded to it. {@code null} when the profile declares none (sent unrounded)
 */
public record ChannelSpec(String name, String description, String unit, ValueKind kind, Source source, Duration poll,
        Reporting reporting, AlarmLimits alarms, Lwm2mMapping lwm2m, BigDecimal precision) {

    public ChannelSpec {
        if (precision != null && precision.signum() <= 0) {
            throw new IllegalArgumentException("channel " + name + ": precision must be > 0, got "
                    + precision.toPlainString());
        }
    }

    /** A channel without a declared precision. */
    public ChannelSpec(String name, String description, String unit, ValueKind kind, Source source, Duration poll,
            Reporting reporting, AlarmLimits alarms, Lwm2mMapping lwm2m) {
        this(name, description, unit, kind, source, poll, reporting, alarms, lwm2m, null);
    }

    /**
     * How long the channel may stay silent under its profile's reporting contract before its value is stale:
     * {@code max(3 × poll, 2 × heartbeat)}. Without a heartbeat: {@code max(3 × poll, 2 × window)} for a windowed
     * channel; {@code 3 × poll} for a polled channel that reports every sample; empty (silence is normal) for a channel
     * reporting by exception or from an event source (GPIO edges, streamed serial, NMEA). The poll term counts for
     * polled sources only (Modbus, serial lines with a request).
     */
    public Optional<Duration> maxSilence() {
        Duration byPoll = polled() && poll != null ? poll.multipliedBy(3) : null;
        if (reporting != null && reporting.heartbeat() != null) {
            return Optional.of(longer(byPoll, reporting.heartbeat().multipliedBy(2)));
        }
        if (reporting != null && reporting.window() != null) {
            return Optional.of(longer(byPoll, reporting.window().multipliedBy(2)));
        }
        if ((reporting == null || reporting.everySample()) && byPoll != null) {
            return Optional.of(byPoll);
        }
        return Optional.empty();
    }

    private boolean polled() {
        return source instanceof ModbusSource
                || source instanceof SerialLineSource s && s.request() != null && !s.request().isEmpty();
    }

    private static Duration longer(Duration a, Duration b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
