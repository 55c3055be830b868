package org.hanedge.fleet.remoteconfig;

import org.hanedge.contract.config.ConfigStatus;

/**
 * One row of {@code config_report}.
 *
 * @param errors     JSON array of {@code {path, message}}
 * @param reportedAt the gateway's time of the decision (ms)
 * @param receivedAt when the server stored it (ms)
 */
record StoredReport(long id, String gatewayId, long version, ConfigStatus status, String errors, long lastGood,
        long reportedAt, long receivedAt) {

    /** The same report again (the retained copy, or the repeat on every connect). */
    boolean sameAs(StoredReport o) {
        return gatewayId.equals(o.gatewayId) && version == o.version && status == o.status
                && lastGood == o.lastGood && reportedAt == o.reportedAt && errors.equals(o.errors);
    }
}
