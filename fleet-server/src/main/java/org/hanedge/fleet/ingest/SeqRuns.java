package org.hanedge.fleet.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of sequence numbers kept as disjoint runs [from, to]; mostly one run per gateway, since a gateway's numbers
 * are contiguous. Not thread-safe.
 */
final class SeqRuns {
    private final TreeMap<Long, Long> runs = new TreeMap<>();

    boolean contains(long seq) {
        Map.Entry<Long, Long> e = runs.floorEntry(seq);
        return e != null && e.getValue() >= seq;
    }

    /** Adds seq; false if it was already there. */
    boolean add(long seq) {
        return addRun(seq, seq);
    }

    /** Adds a run; false if every number was already there. */
    boolean addRun(long from, long to) {
        Map.Entry<Long, Long> floor = runs.floorEntry(from);
        if (floor != null && floor.getValue() >= to) {
            return false;
        }
        long lo = from;
        long hi = to;
        if (floor != null && floor.getValue() >= from - 1) {
            lo = floor.getKey();
            hi = Math.max(hi, floor.getValue());
            runs.remove(floor.getKey());
        }
        Map.Entry<Long, Long> next = runs.ceilingEntry(lo);
        while (next != null && next.getKey() <= hi + 1) {
            hi = Math.max(hi, next.getValue());
            runs.remove(next.getKey());
            next = runs.ceilingEntry(lo);
        }
        runs.put(lo, hi);
        return true;
    }

    int size() {
        return runs.size();
    }

    List<long[]> runs() {
        List<long[]> out = new ArrayList<>();
        runs.forEach((k, v) -> out.add(new long[] { k, v }));
        return out;
    }

    /** Runs of the given (unsorted, possibly repeating) numbers. */
    static List<long[]> runsOf(long[] seqs) {
        SeqRuns r = new SeqRuns();
        for (long s : seqs) {
            r.add(s);
        }
        return r.runs();
    }
}
