package org.hanedge.fleet.remoteconfig;

import java.util.List;
import java.util.Map;

import org.hanedge.fleet.api.FieldProblem;

/**
 * What a push of a group would do now (a dry run: nothing stored or published).
 *
 * @param counts   gateways per outcome
 * @param gateways one entry per gateway of the group, in id order
 */
public record PreviewDto(String group, Map<String, Long> counts, List<Target> gateways) {

    /**
     * @param outcome {@code CHANGED} (a push would make a new version), {@code UNCHANGED}, {@code REFUSED} (its
     *                effective document would not pass the check; errors by field), {@code SKIPPED} (no configuration
     *                of its own yet)
     * @param version its latest version (absent when SKIPPED)
     */
    public record Target(String gateway, String outcome, Long version, List<FieldProblem> errors, String detail) {
    }
}
