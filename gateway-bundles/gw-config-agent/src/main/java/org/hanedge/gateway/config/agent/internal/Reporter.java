package org.hanedge.gateway.config.agent.internal;

import org.hanedge.contract.config.ReportedConfig;

/** Where reports go: {@code config/reported}, retained, when the uplink is up (the agent repeats the last on connect). */
interface Reporter {
    void report(ReportedConfig report);
}
