package org.hanedge.fleet.remoteconfig;

/**
 * A gateway's configuration as the server sees it.
 *
 * @param desired  the latest version (absent: none made yet)
 * @param reported the gateway's latest report (absent: none received)
 * @param inSync   the gateway reported the latest version APPLIED
 */
public record GatewayConfigDto(String gateway, ConfigVersionDto desired, ReportedDto reported, boolean inSync) {
}
