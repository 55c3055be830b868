package org.hanedge.contract.senml;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The thin form's {@code sr} extension ("sequence by time"): the sequence numbers of a pack's records told by their
 * times, plus a few bits for records that share a time. The wire rule (docs/uplink.md, "Thin form"):
 *
 * <ul>
 * <li>{@code sr} is a byte string on the first record, which also carries its own {@code seq}; it replaces
 * {@code so}. It describes a pack whose records' sequence numbers are consecutive ({@code first ..
 * first + n - 1}) and, taken in that order, have non-decreasing times.</li>
 * <li>A record's <em>position</em> is the number of records of the pack with an earlier time, plus its
 * <em>rank</em> among the records with the same time (from 0). Its sequence number is the first record's
 * {@code seq} plus its position minus the first record's position.</li>
 * <li>{@code sr} holds the ranks of the records whose time is shared by {@code k > 1} records, in pack order, each in
 * {@code ceil(log2 k)} bits, most significant bit first, packed from the most significant bit of the first byte; the
 * last byte is padded with 0 bits. A record alone at its time has rank 0 and takes no bits. The ranks of one time are
 * a permutation of {@code 0 .. k-1}; anything else (and a length that is not exactly what the bits need) is not a
 * valid {@code sr}.</li>
 * </ul>
 * Times are compared as decoded (milliseconds); the thin encoder writes times that decode exactly. Stateless.
 */
final class SeqRanks {
    private SeqRanks() {
    }

    /**
     * The {@code sr} bytes of records in pack order, or null when their sequence numbers are not consecutive or not
     * in time order (then {@code so} is needed).
     *
     * @param times each record's time as it will decode, in pack order
     * @param seqs  each record's sequence number, in pack order
     */
    static byte[] encode(long[] times, long[] seqs) {
        int n = times.length;
        long first = Arrays.stream(seqs).min().orElseThrow();
        long[] timeBySeq = new long[n];
        boolean[] taken = new boolean[n];
        for (int i = 0; i < n; i++) {
            long k = seqs[i] - first;
            if (k >= n || taken[(int) k]) {
                return null; // a gap or a repeat: not consecutive
            }
            taken[(int) k] = true;
            timeBySeq[(int) k] = times[i];
        }
        for (int k = 1; k < n; k++) {
            if (timeBySeq[k] < timeBySeq[k - 1]) {
                return null; // a later number with an earlier time
            }
        }
        Classes c = new Classes(times);
        Bits bits = new Bits();
        for (int i = 0; i < n; i++) {
            int rank = (int) (seqs[i] - first) - c.earlier(times[i]);
            bits.write(rank, c.width(times[i]));
        }
        return bits.toByteArray();
    }

    /**
     * Each record's position (0 .. n-1), or null when {@code sr} is not valid for these times.
     *
     * @param times each record's decoded time, in pack order
     */
    static int[] positions(long[] times, byte[] sr) {
        Classes c = new Classes(times);
        long needed = 0;
        for (long t : times) {
            needed += c.width(t);
        }
        if (sr.length != (needed + 7) / 8) {
            return null;
        }
        int n = times.length;
        int[] pos = new int[n];
        boolean[] used = new boolean[n];
        int bit = 0;
        for (int i = 0; i < n; i++) {
            int width = c.width(times[i]);
            int rank = 0;
            for (int b = 0; b < width; b++, bit++) {
                rank = rank << 1 | (sr[bit >>> 3] >>> (7 - (bit & 7))) & 1;
            }
            if (rank >= c.size(times[i])) {
                return null;
            }
            pos[i] = c.earlier(times[i]) + rank;
            if (used[pos[i]]) {
                return null; // two records of one time with the same rank
            }
            used[pos[i]] = true;
        }
        for (; bit < sr.length * 8; bit++) {
            if ((sr[bit >>> 3] >>> (7 - (bit & 7)) & 1) != 0) {
                return null; // padding must be 0: one pack, one encoding
            }
        }
        return pos;
    }

    /** The records' times grouped: how many share each time and how many are earlier. */
    private static final class Classes {
        private final Map<Long, int[]> byTime = new HashMap<>(); // time -> {size, earlier}

        Classes(long[] times) {
            long[] sorted = times.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                int index = i;
                byTime.computeIfAbsent(sorted[i], t -> new int[] {0, index})[0]++;
            }
        }

        int size(long time) {
            return byTime.get(time)[0];
        }

        int earlier(long time) {
            return byTime.get(time)[1];
        }

        /** Bits of a rank at this time: ceil(log2 k), 0 for a record alone at its time. */
        int width(long time) {
            int k = size(time);
            return k == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(k - 1);
        }
    }

    /** Writes bit fields, most significant bit first. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void write(int value, int width) {
            for (int b = width - 1; b >= 0; b--) {
                current = current << 1 | (value >>> b) & 1;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] toByteArray() {
            if (used > 0) {
                out.write(current << (8 - used));
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }
}
