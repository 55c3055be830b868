package org.hanedge.sites;

import java.util.Objects;

/**
 * One row of a credentials CSV: a gateway's MQTT client id and user name, its password, the device profile of its
 * one device and that device's id.
 */
public record GatewayCredential(String gatewayId, String password, String profile, String deviceId) {
    public GatewayCredential {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(deviceId, "deviceId");
    }

    /** A gateway whose device id is {@link #defaultDeviceId(String) derived from the profile}. */
    public static GatewayCredential of(String gatewayId, String password, String profile) {
        return new GatewayCredential(gatewayId, password, profile, defaultDeviceId(profile));
    }

    /** {@code lake} -> {@code lake-1}. */
    public static String defaultDeviceId(String profile) {
        return profile + "-1";
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "GatewayCredential[" + gatewayId + ", profile " + profile + ", device " + deviceId + "]";
    }
}
