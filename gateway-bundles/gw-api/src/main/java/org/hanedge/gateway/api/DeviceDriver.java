package org.hanedge.gateway.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Driver SPI. Each configured device is served by one driver instance, registered as a service of this type with
 * the service properties {@link #DEVICE_ID} and {@link #PROFILE_ID}. The driver reads the channels of the device's
 * profile whose source is on its bus and publishes them to the {@link ReadingSink}.
 */
@ConsumerType
public interface DeviceDriver {
    /** Service property: the device id from the site config. */
    String DEVICE_ID = "hanedge.device.id";
    /** Service property: the profile id the device runs. */
    String PROFILE_ID = "hanedge.profile.id";

    String deviceId();

    DeviceStatus status();
}
