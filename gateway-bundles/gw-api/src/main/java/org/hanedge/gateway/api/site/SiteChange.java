package org.hanedge.gateway.api.site;

import java.util.List;
import java.util.Set;

/**
 * What applying a site document did in Config Admin.
 *
 * @param version          the configuration version now in force: 0 for the site file, else the pushed version
 * @param devices          the ids of the devices the document configures, in document order ({@code devices[i]})
 * @param changedDevices   those whose driver configuration was created or changed (their drivers restart)
 * @param removedDevices   device configurations deleted (no longer in the document)
 * @param uplinkConfigured whether the document has an uplink
 * @param uplinkChanged    whether the uplink's configuration was created, changed or deleted (it reconnects)
 */
public record SiteChange(long version, List<String> devices, Set<String> changedDevices, Set<String> removedDevices,
        boolean uplinkConfigured, boolean uplinkChanged) {
    public SiteChange {
        devices = List.copyOf(devices);
        changedDevices = Set.copyOf(changedDevices);
        removedDevices = Set.copyOf(removedDevices);
    }
}
