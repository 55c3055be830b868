package org.hanedge.gateway.config.agent.internal;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.gateway.api.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes reports on {@code config/reported} (retained, QoS 1) through the uplink's session. Without a session the
 * report is not sent now: the agent repeats its last report on every connect, and the broker keeps only the last.
 */
final class UplinkReporter implements Reporter {
    private static final Logger LOG = LoggerFactory.getLogger(UplinkReporter.class);

    private volatile Uplink uplink;

    void uplink(Uplink u) {
        uplink = u;
    }

    void removed(Uplink u) {
        if (uplink == u) {
            uplink = null;
        }
    }

    Uplink uplink() {
        return uplink;
    }

    @Override
    public void report(ReportedConfig r) {
        Uplink u = uplink;
        if (u == null || !u.connected()) {
            LOG.debug("config/reported {} {} not sent now (no uplink session); sent on the next connect", r.version(),
                    r.status());
            return;
        }
        u.publish(TopicKind.CONFIG_REPORTED.path(), ConfigDocuments.write(r), true).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("config/reported {} {} not acknowledged ({}); sent again on the next connect", r.version(),
                        r.status(), e.toString());
            }
        });
    }
}
