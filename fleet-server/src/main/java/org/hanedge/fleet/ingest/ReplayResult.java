package org.hanedge.fleet.ingest;

import java.util.List;

/**
 * The result of one replay.
 *
 * @param stored         readings (or events) stored by this replay
 * @param duplicates     records that were already stored
 * @param refusedReasons the reason of each record still refused (or of the whole message)
 * @param detail         one line for an operator: counts, and what the first refusal was
 */
public record ReplayResult(ReplayOutcome outcome, int stored, int duplicates, List<String> refusedReasons,
        String detail) {
    public ReplayResult {
        refusedReasons = List.copyOf(refusedReasons);
    }

    public static ReplayResult notReplayable(String why) {
        return new ReplayResult(ReplayOutcome.NOT_REPLAYABLE, 0, 0, List.of(), why);
    }

    static ReplayResult refused(String reason, String detail) {
        return new ReplayResult(ReplayOutcome.REFUSED, 0, 0, List.of(reason), reason + ": " + detail);
    }

    static ReplayResult of(MessageOutcome o) {
        List<String> reasons = o.refused().stream().map(DeadLetter::reason).toList();
        ReplayOutcome outcome = !reasons.isEmpty() ? ReplayOutcome.REFUSED
                : o.accepted() > 0 ? ReplayOutcome.STORED : ReplayOutcome.DUPLICATE;
        StringBuilder d = new StringBuilder();
        d.append("stored ").append(o.accepted()).append(", already stored ").append(o.duplicates());
        if (!reasons.isEmpty()) {
            DeadLetter first = o.refused().get(0);
            d.append(", still refused ").append(reasons.size()).append(": ").append(first.reason()).append(" (")
                    .append(first.detail()).append(')');
        }
        String text = d.toString();
        return new ReplayResult(outcome, o.accepted(), o.duplicates(), reasons,
                text.length() <= 1000 ? text : text.substring(0, 997) + "...");
    }
}
