package org.hanedge.gateway.config.agent.internal;

import java.util.List;
import java.util.Set;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.gateway.api.site.SiteChange;

/**
 * Judges the site's health around an apply. The new configuration must not make things worse: every device whose
 * configuration changed must answer with its new driver, every device that answered before must still answer, and
 * the uplink must be connected if it was (or if its configuration changed). A device that did not answer before and
 * whose configuration is unchanged is not held against the new configuration.
 */
interface HealthProbe {
    /** What answers now, before the apply. */
    Baseline baseline();

    /**
     * @param change        what the apply did
     * @param before        {@link #baseline()} taken before it
     * @param appliedAtNanos when it was applied (monotonic clock): a changed device or uplink needs a service that
     *                       appeared after it
     * @return the problems, empty when healthy; each names its field ({@code devices[1]}, {@code uplink})
     */
    List<ConfigError> problems(SiteChange change, Baseline before, long appliedAtNanos);

    /**
     * @param answering       the ids of the devices that answer
     * @param uplinkConnected whether the uplink had a session
     */
    record Baseline(Set<String> answering, boolean uplinkConnected) {
        public Baseline {
            answering = Set.copyOf(answering);
        }
    }
}
