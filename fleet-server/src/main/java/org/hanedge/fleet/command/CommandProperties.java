package org.hanedge.fleet.command;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code hanedge.fleet.commands}.
 *
 * @param timeout how long {@code POST /api/v1/gateways/{id}/commands} waits for the gateway's answer before it
 *                answers 504 {@code TIMED_OUT} (the request holds an HTTP thread that long); also the command's MQTT
 *                message expiry, so the broker does not hand it to the gateway after that
 */
@ConfigurationProperties("hanedge.fleet.commands")
public record CommandProperties(@DefaultValue("10s") Duration timeout) {
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

    public CommandProperties {
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("hanedge.fleet.commands.timeout must be between 100ms and "
                    + MAX_TIMEOUT.toSeconds() + "s, got " + timeout);
        }
    }
}
