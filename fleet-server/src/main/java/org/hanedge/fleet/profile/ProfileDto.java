package org.hanedge.fleet.profile;

import java.util.List;

/**
 * A profile of the library: its id, the newest version (semantic order), the description of that version, its
 * versions newest first, and how many gateways run any version of it.
 */
public record ProfileDto(String id, String latest, String description, int gatewayCount,
        List<ProfileVersionDto> versions) {
}
