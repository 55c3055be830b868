/**
 * Loads and validates device profile YAML files (format: docs/profiles.md) into the
 * {@link org.hanedge.gateway.api.profile.DeviceProfile} model. Plain Java without OSGi types, so the simulators and
 * tools use it outside the framework too.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hanedge.gateway.profile;
