package org.hanedge.contract.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a gateway made of its configuration (topic {@code config/reported}, retained, QoS 1): published when a desired
 * version is handled (APPLYING, then APPLIED or ROLLED_BACK; or REJECTED), when a local edit of the site file is seen
 * (DRIFT) or undone (APPLIED again), and again on every connect.
 *
 * @param gateway  the gateway id
 * @param version  the desired version this is about; for DRIFT the version in force
 * @param status   the outcome
 * @param errors   why (ROLLED_BACK, REJECTED) or what differs (DRIFT); empty otherwise
 * @param lastGood the version of the gateway's last good configuration (0: the site file, nothing pushed applied);
 *                 the configuration it runs except while APPLYING
 * @param time     when the gateway decided
 */
public record ReportedConfig(String gateway, long version, ConfigStatus status, List<ConfigError> errors,
        long lastGood, Instant time) {
    public ReportedConfig {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
        errors = errors == null ? List.of() : List.copyOf(errors);
        if (version < 0 || lastGood < 0) {
            throw new IllegalArgumentException("versions are never negative: version " + version + ", lastGood "
                    + lastGood);
        }
    }
}
