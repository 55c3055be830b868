/**
 * The device profile model: what a device kind measures, where each channel comes from on its bus, its unit,
 * poll interval, reporting rule, alarm limits and LwM2M mapping, plus the profile's interlocks and local control
 * rules. One YAML file per site kind in
 * {@code device-profiles/} is parsed into these records; loaded profiles are published as OSGi services of type
 * {@link org.hanedge.gateway.api.profile.DeviceProfile} with the service property
 * {@link org.hanedge.gateway.api.profile.DeviceProfile#PROFILE_ID}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.hanedge.gateway.api.profile;
