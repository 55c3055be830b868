package org.hanedge.gateway.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One sample of one channel of one device.
 *
 * @param deviceId the device as named in the gateway's site config
 * @param channel  the channel name from the device's profile
 * @param value    a {@link Double}, {@link Boolean} or {@link String}; {@code null} exactly when the quality has no value
 * @param unit     SenML/UCUM unit from the profile, or {@code null} for dimensionless states and text
 * @param time     when the value was sampled (the gateway's clock)
 * @param quality  how far the value can be trusted
 */
public record Reading(String deviceId, String channel, Object value, String unit, Instant time, Quality quality) {

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(quality, "quality");
        if (quality.hasValue()) {
            if (!(value instanceof Double || value instanceof Boolean || value instanceof String)) {
                throw new IllegalArgumentException("reading " + deviceId + "/" + channel + " with quality " + quality
                        + " needs a Double, Boolean or String value, got " + value);
            }
        } else if (value != null) {
            throw new IllegalArgumentException("reading " + deviceId + "/" + channel + " with quality " + quality
                    + " must not carry a value");
        }
    }

    /** A good numeric reading. */
    public static Reading of(String deviceId, String channel, double value, String unit, Instant time) {
        return new Reading(deviceId, channel, value, unit, time, Quality.GOOD);
    }

    /** A reading that carries no value, only the reason why. */
    public static Reading failed(String deviceId, String channel, String unit, Instant time, Quality quality) {
        return new Reading(deviceId, channel, null, unit, time, quality);
    }

    /** The value as a number, for numeric channels. */
    public double numberValue() {
        if (value instanceof Double d) {
            return d;
        }
        throw new IllegalStateException(deviceId + "/" + channel + " has no numeric value: " + value);
    }
}
