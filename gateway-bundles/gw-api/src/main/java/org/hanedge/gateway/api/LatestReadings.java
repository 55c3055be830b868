package org.hanedge.gateway.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The latest reading of every channel seen since start, for shells, health reports and birth messages. */
@ProviderType
public interface LatestReadings {
    /** All channels, sorted by device then channel. */
    List<Reading> all();

    Optional<Reading> latest(String deviceId, String channel);
}
