package org.hanedge.fleet.remoteconfig;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hanedge.fleet.api.FieldProblem;

/**
 * A push and its progress per gateway.
 *
 * @param counts   gateways per {@link Gateway#state()}
 * @param gateways one entry per gateway of the group when the push was made, in id order
 */
public record PushDto(long id, String group, String author, String reason, Instant time, Map<String, Long> counts,
        List<Gateway> gateways) {

    /**
     * @param outcome  what the push did: {@code STORED} (a new version), {@code UNCHANGED} (the gateway's latest
     *                 version already is the effective document), {@code REFUSED} (its effective document did not
     *                 pass the check), {@code SKIPPED} (no configuration of its own yet)
     * @param version  the version the gateway is to run (STORED, UNCHANGED)
     * @param errors   REFUSED: by field
     * @param detail   SKIPPED: why
     * @param state    now: REFUSED, SKIPPED, PENDING (not yet acknowledged by the broker), PUBLISHED, then the
     *                 gateway's report about the version (APPLYING, APPLIED, ROLLED_BACK, REJECTED, DRIFT), or
     *                 SUPERSEDED (a newer version was made since)
     * @param reported the gateway's latest report, when it is about this version
     */
    public record Gateway(String gateway, String outcome, Long version, List<FieldProblem> errors, String detail,
            String state, Instant publishedAt, ReportedDto reported) {
    }
}
