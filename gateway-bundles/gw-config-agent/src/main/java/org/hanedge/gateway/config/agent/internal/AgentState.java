package org.hanedge.gateway.config.agent.internal;

import java.util.Map;

import org.hanedge.contract.config.ReportedConfig;

/**
 * What the agent keeps on disk, replaced as a whole on every change ({@link StateStore}), so after a crash it is
 * exactly one of the states below.
 *
 * @param lastGood   the configuration the gateway returns to: a pushed version that passed its health window, or
 *                   version 0, the site file
 * @param applying   the version being applied (marker written before Config Admin is touched, cleared with the
 *                   verdict); non-null at start means the gateway stopped mid-apply: it returns to {@code lastGood}
 * @param handled    the highest desired version handled (applied, rolled back or rejected); nothing at or below it
 *                   is applied again
 * @param lastReport the report published last, again on every connect; null before the first
 */
record AgentState(Applied lastGood, Pending applying, long handled, ReportedConfig lastReport) {
    /** A gateway on its site file that has handled nothing. */
    static final AgentState INITIAL = new AgentState(Applied.SITE_FILE, null, 0, null);

    AgentState {
        if (lastGood == null) {
            throw new IllegalArgumentException("lastGood is required (version 0: the site file)");
        }
    }

    /**
     * A configuration that passed its health window.
     *
     * @param version       0 for the site file
     * @param document      the pushed site document (null for the site file)
     * @param localBaseline the site file's document (credential left out) when it was applied: a later difference is
     *                      a local edit (drift); null for the site file or when the file could not be read
     */
    record Applied(long version, Map<String, Object> document, Map<String, Object> localBaseline) {
        static final Applied SITE_FILE = new Applied(0, null, null);
    }

    /** A pushed configuration being applied. */
    record Pending(long version, Map<String, Object> document) {
    }

    AgentState withApplying(Pending p) {
        return new AgentState(lastGood, p, handled, lastReport);
    }

    AgentState withReport(ReportedConfig r) {
        return new AgentState(lastGood, applying, handled, r);
    }

    /** The verdict on a version: marker cleared, version handled. */
    AgentState handled(long version, Applied good, ReportedConfig r) {
        return new AgentState(good, null, Math.max(handled, version), r);
    }
}
