package org.hanedge.gateway.api;

import java.util.Objects;

/**
 * A request to set an output channel.
 *
 * @param deviceId the device, as named in the site config
 * @param channel  an output channel of the device's profile
 * @param value    {@link Boolean} for digital outputs, {@link Double} for setpoints
 * @param origin   who asks, for the record: {@code server:<user>}, {@code rule:<rule id>}, {@code shell}
 */
public record WriteCommand(String deviceId, String channel, Object value, String origin) {
    public WriteCommand {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }
}
