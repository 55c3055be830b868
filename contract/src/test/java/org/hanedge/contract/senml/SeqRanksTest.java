package org.hanedge.contract.senml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The {@code sr} rule alone: ranks written for one order of a pack give back every record's position, exactly. */
class SeqRanksTest {
    /** Times in pack order of records with seqs 0..n-1 whose time never goes back with the seq. */
    private record Pack(long[] times, long[] seqs) {
    }

    private static Pack randomPack(Random r, int n, int distinctTimes) {
        long[] bySeq = new long[n];
        long t = 1_796_000_000_000L;
        for (int k = 0; k < n; k++) {
            if (k > 0 && r.nextInt(Math.max(1, n / distinctTimes)) == 0) {
                t += 1000L * (1 + r.nextInt(300));
            }
            bySeq[k] = t;
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            order.add(k);
        }
        Collections.shuffle(order, r);
        long[] times = new long[n];
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = bySeq[order.get(i)];
            seqs[i] = 7_000 + order.get(i);
        }
        return new Pack(times, seqs);
    }

    @Test
    void positionsGiveBackEverySeqOfShuffledPacksWithTies() {
        Random r = new Random(13);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + r.nextInt(r.nextBoolean() ? 8 : 300);
            Pack p = randomPack(r, n, 1 + r.nextInt(n));
            byte[] sr = SeqRanks.encode(p.times(), p.seqs());
            assertNotNull(sr, "round " + round);
            int[] pos = SeqRanks.positions(p.times(), sr);
            assertNotNull(pos, "round " + round);
            for (int i = 0; i < n; i++) {
                assertEquals(p.seqs()[i], p.seqs()[0] - pos[0] + pos[i], "round " + round + " record " + i);
            }
        }
    }

    @Test
    void bitsOnlyForRecordsThatShareTheirTime() {
        long t = 1_796_000_000_000L;
        // all times distinct: no bits at all
        assertArrayEquals(new byte[0], SeqRanks.encode(new long[] {t + 2000, t, t + 1000}, new long[] {5, 3, 4}));
        // three at t (2 bits each), one alone: ranks 2, 0, 1 in pack order -> 10 00 01 + padding
        byte[] sr = SeqRanks.encode(new long[] {t, t, t + 5000, t}, new long[] {12, 10, 13, 11});
        assertArrayEquals(new byte[] {(byte) 0b1000_0100}, sr);
        assertArrayEquals(new int[] {2, 0, 3, 1}, SeqRanks.positions(new long[] {t, t, t + 5000, t}, sr));
        // ten readings of one poll: 4 bits each
        long[] times = new long[10];
        long[] seqs = new long[10];
        for (int i = 0; i < 10; i++) {
            times[i] = t;
            seqs[i] = 100 + (i * 3) % 10;
        }
        assertEquals(5, SeqRanks.encode(times, seqs).length);
    }

    @Test
    void packsTheRuleCannotDescribeNeedOffsets() {
        long t = 1_796_000_000_000L;
        assertNull(SeqRanks.encode(new long[] {t, t + 1000}, new long[] {1, 3}), "a gap (an alarm took seq 2)");
        assertNull(SeqRanks.encode(new long[] {t, t + 1000}, new long[] {2, 1}), "a later seq with an earlier time");
        assertNull(SeqRanks.encode(new long[] {t, t}, new long[] {1, 1}), "the same seq twice");
    }

    @Test
    void anSrThatDoesNotFitTheTimesIsRefused() {
        long t = 1_796_000_000_000L;
        long[] times = {t, t, t, t + 1000};
        assertNotNull(SeqRanks.positions(times, new byte[] {(byte) 0b0110_0000}), "ranks 1, 2, 0");
        assertNull(SeqRanks.positions(times, new byte[] {(byte) 0b0101_0000}), "rank 1 twice");
        assertNull(SeqRanks.positions(times, new byte[] {(byte) 0b1101_0000}), "rank 3 of three");
        assertNull(SeqRanks.positions(times, new byte[] {(byte) 0b0110_0001}), "padding not 0");
        assertNull(SeqRanks.positions(times, new byte[] {(byte) 0b0110_0000, 0}), "a byte too many");
        assertNull(SeqRanks.positions(times, new byte[0]), "too short");
    }
}
