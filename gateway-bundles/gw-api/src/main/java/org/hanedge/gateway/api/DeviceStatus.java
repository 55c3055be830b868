package org.hanedge.gateway.api;

import java.time.Instant;

/**
 * A snapshot of one device's health.
 *
 * @param deviceId  the device
 * @param profileId the profile it runs, with version ({@code lake@1.0.0})
 * @param state     connection state
 * @param since     when it entered that state
 * @param requests  bus requests sent since start
 * @param failures  bus requests that failed since start
 * @param lastError the last failure, or {@code null}
 */
public record DeviceStatus(String deviceId, String profileId, DeviceState state, Instant since, long requests,
        long failures, String lastError) {
}
