package org.hanedge.simulators.fleet;

import java.util.Objects;

/**
 * Who one virtual gateway is: MQTT client id and user name ({@code gatewayId}), password, the device profile its one
 * device speaks and that device's id (SenML base name {@code gatewayId/deviceId/}).
 */
public record GatewayCredentials(String gatewayId, String password, String profileId, String deviceId) {
    public GatewayCredentials {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(deviceId, "deviceId");
    }

    /** A gateway whose device id is {@link #defaultDeviceId(String) derived from the profile}. */
    public static GatewayCredentials of(String gatewayId, String password, String profileId) {
        return new GatewayCredentials(gatewayId, password, profileId, defaultDeviceId(profileId));
    }

    /** {@code lake} -> {@code lake-1}. */
    public static String defaultDeviceId(String profileId) {
        return profileId + "-1";
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "GatewayCredentials[" + gatewayId + ", profile " + profileId + ", device " + deviceId + "]";
    }
}
