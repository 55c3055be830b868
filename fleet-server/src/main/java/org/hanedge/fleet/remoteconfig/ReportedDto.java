package org.hanedge.fleet.remoteconfig;

import java.time.Instant;
import java.util.List;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ConfigStatus;

/**
 * What a gateway reported on {@code config/reported}.
 *
 * @param version    the desired version the report is about (for DRIFT: the version in force)
 * @param errors     why (ROLLED_BACK, REJECTED) or what differs (DRIFT), by field
 * @param lastGood   the gateway's last good version (0: its site file)
 * @param time       when the gateway decided
 * @param receivedAt when the server stored the report
 */
public record ReportedDto(long version, ConfigStatus status, List<ConfigError> errors, long lastGood, Instant time,
        Instant receivedAt) {
}
