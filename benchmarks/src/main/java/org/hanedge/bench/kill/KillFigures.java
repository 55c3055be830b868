package org.hanedge.bench.kill;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a kill soak found.
 *
 * @param settings     what it did
 * @param startMillis  every start of the server until healthy, ms (the first, then one per kill)
 * @param seconds      the whole soak, wall clock
 * @param seqs         acknowledged against stored
 * @param deadLetters  dead letters still refused (a pack read before its birth is replayed after it: resolved)
 * @param rollupsCaughtUp the rollup job aggregated everything committed before the final stop
 * @param rollupErrors "rollups: aggregation failed" lines in the server's log
 * @param rollups      rollups against raw rows
 * @param alarms       alarms against their transitions
 */
public record KillFigures(KillSettings settings, List<Long> startMillis, double seconds, StoredSeqs seqs,
        long deadLetters, boolean rollupsCaughtUp, long rollupErrors, RollupCheck rollups, AlarmCheck alarms) {

    /** True when nothing acknowledged is missing, nothing is stored twice and rollups and alarms are consistent. */
    public boolean passed() {
        return seqs.missing() == 0 && seqs.duplicates() == 0 && seqs.unexpected() == 0 && deadLetters == 0
                && rollupsCaughtUp && rollups.mismatches() == 0 && alarms.inconsistencies() == 0
                && startMillis.size() == settings.rounds() + 1;
    }

    /** The figures as a block of text. */
    public String text() {
        KillSettings s = settings;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "==== SIGKILL soak, store %s, seed %d ====%n", s.store().id(), s.seed()));
        b.append(String.format(Locale.ROOT, "  rounds (SIGKILLs)     %d in %.0f s (%d gateways, %.0f readings/s offered)%n",
                s.rounds(), seconds, s.gateways(), s.offeredRate()));
        b.append(String.format(Locale.ROOT, "  server starts         %d, every one healthy; start ms mean %d, max %d%n",
                startMillis.size(), mean(), max()));
        b.append(String.format(Locale.ROOT, "  readings taken        %d%n", seqs.taken()));
        b.append(String.format(Locale.ROOT, "  acknowledged (PUBACK) %d%n", seqs.acked()));
        b.append(String.format(Locale.ROOT, "  stored (distinct)     %d%n", seqs.stored()));
        b.append(String.format(Locale.ROOT, "  MISSING               %d  (acknowledged, not stored)%n", seqs.missing()));
        b.append(String.format(Locale.ROOT, "  duplicates            %d  (stored twice)%n", seqs.duplicates()));
        b.append(String.format(Locale.ROOT, "  unexpected seqs       %d, dead letters still refused %d%n", seqs.unexpected(),
                deadLetters));
        b.append(String.format(Locale.ROOT, "  rollups               %d buckets (1m, 1h) vs raw, %d mismatches; "
                + "%d raw rows after the watermark%n", rollups.bucketsChecked(), rollups.mismatches(),
                rollups.rowsAfter()));
        b.append(String.format(Locale.ROOT, "  rollup job            caught up at the end: %s; %d failed runs in the "
                + "server log%n",
                rollupsCaughtUp ? "yes" : "NO", rollupErrors));
        b.append(String.format(Locale.ROOT, "  alarms                %d (%d open, %d cleared, %d transitions), "
                + "%d inconsistent%n", alarms.alarms(), alarms.open(), alarms.cleared(), alarms.transitions(),
                alarms.inconsistencies()));
        for (String e : seqs.examples()) {
            b.append("    ").append(e).append(System.lineSeparator());
        }
        for (String e : rollups.examples()) {
            b.append("    ").append(e).append(System.lineSeparator());
        }
        for (String e : alarms.examples()) {
            b.append("    ").append(e).append(System.lineSeparator());
        }
        b.append("  => ").append(passed() ? "PASSED" : "FAILED").append(System.lineSeparator());
        return b.toString();
    }

    /** The figures for target/bench/kill-STORE.json. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "kill");
        m.put("store", settings.store().id());
        m.put("seed", settings.seed());
        m.put("rounds", settings.rounds());
        m.put("gateways", settings.gateways());
        m.put("offeredReadingsPerS", settings.offeredRate());
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("serverStarts", startMillis.size());
        m.put("startMsMean", mean());
        m.put("startMsMax", max());
        m.put("readingsTaken", seqs.taken());
        m.put("readingsAcknowledged", seqs.acked());
        m.put("readingsStored", seqs.stored());
        m.put("missing", seqs.missing());
        m.put("duplicates", seqs.duplicates());
        m.put("unexpectedSeqs", seqs.unexpected());
        m.put("deadLetters", deadLetters);
        m.put("rollupBucketsChecked", rollups.bucketsChecked());
        m.put("rollupMismatches", rollups.mismatches());
        m.put("rollupsCaughtUp", rollupsCaughtUp);
        m.put("rollupJobFailures", rollupErrors);
        m.put("alarms", alarms.alarms());
        m.put("alarmTransitions", alarms.transitions());
        m.put("alarmInconsistencies", alarms.inconsistencies());
        m.put("examples", List.of(seqs.examples(), rollups.examples(), alarms.examples()));
        m.put("passed", passed());
        return m;
    }

    private long mean() {
        return Math.round(startMillis.stream().mapToLong(Long::longValue).average().orElse(0));
    }

    private long max() {
        return startMillis.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
