package org.hanedge.contract.senml;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ListIterator;

import org.hanedge.contract.mqtt.SeqRange;

/**
 * The decoder's side of an {@code sr} pack ({@link SeqRanks}): a record's sequence number depends on every record's
 * time, so the records are numbered once the whole pack is read. Keeps each record's decoded time and its bytes (for
 * the text of a refused record) meanwhile. One per pack.
 */
final class RankedRecords {
    private final byte[] ranks;
    private final SenmlFormat format;
    private final byte[] payload;
    private long[] times = new long[16];
    private long[] starts = new long[16];
    private long[] ends = new long[16];

    RankedRecords(byte[] ranks, SenmlFormat format, byte[] payload) {
        this.ranks = ranks;
        this.format = format;
        this.payload = payload;
    }

    /** Record {@code index}: its time as decoded (milliseconds) and where it lies in the payload. */
    void add(int index, long timeMillis, long start, long end) {
        if (index >= times.length) {
            times = Arrays.copyOf(times, index * 2);
            starts = Arrays.copyOf(starts, index * 2);
            ends = Arrays.copyOf(ends, index * 2);
        }
        times[index] = timeMillis;
        starts[index] = start;
        ends[index] = end;
    }

    /**
     * Numbers every good record still without a seq (seq {@code -1}), or, when {@code sr} does not fit the pack,
     * turns each of them into a {@link SenmlProblem#BAD_SEQ} problem ({@link SenmlProblem#MISSING_SEQ} when the first
     * record has no seq to count from). Records with their own {@code seq} keep it.
     *
     * @param count    records in the pack
     * @param firstSeq the first record's seq, or -1
     * @param broken   a record's time could not be read, or the first record also had {@code so}
     */
    void complete(int count, long firstSeq, boolean broken, List<DecodedPack.Decoded> records,
            List<RecordProblem> problems) {
        if (records.stream().allMatch(d -> d.sample().seq() >= 0)) {
            return;
        }
        int[] pos = broken ? null : SeqRanks.positions(Arrays.copyOf(times, count), ranks);
        long lowest = pos == null || firstSeq < 0 ? -1 : firstSeq - pos[0];
        String detail = broken ? "no seq from \"sr\": a record's time could not be read, or \"so\" came with it"
                : pos == null ? "\"sr\" (" + ranks.length + " bytes) does not fit the times of the pack's " + count
                        + " records"
                : firstSeq < 0 ? "no \"seq\" on the first record to count \"sr\" from"
                : lowest < 0 || !SeqRange.isValidSeq(lowest + count - 1) ? "\"sr\" puts the first record (seq "
                        + firstSeq + ") at position " + pos[0] + " of " + count + ": seqs " + lowest + ".."
                        + (lowest + count - 1) + " are not all valid"
                : null;
        SenmlProblem why = pos != null && firstSeq < 0 ? SenmlProblem.MISSING_SEQ : SenmlProblem.BAD_SEQ;
        ListIterator<DecodedPack.Decoded> it = records.listIterator();
        while (it.hasNext()) {
            DecodedPack.Decoded d = it.next();
            int i = d.index();
            if (d.sample().seq() >= 0) {
                continue;
            }
            if (detail == null) {
                it.set(new DecodedPack.Decoded(i, withSeq(d.sample(), lowest + pos[i])));
            } else {
                it.remove();
                problems.add(new RecordProblem(i, why, "record " + i + ": " + detail,
                        RecordText.render(format, payload, starts[i], ends[i])));
            }
        }
        problems.sort(Comparator.comparingInt(RecordProblem::index));
    }

    private static Sample withSeq(Sample s, long seq) {
        return new Sample(s.device(), s.channel(), s.unit(), s.type(), s.number(), s.bool(), s.text(), s.sum(),
                s.timeMillis(), s.quality(), seq);
    }
}
