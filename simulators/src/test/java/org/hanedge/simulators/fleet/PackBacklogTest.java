package org.hanedge.simulators.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PackBacklogTest {
    static PackBacklog.Pack pack(long seq) {
        return new PackBacklog.Pack(seq, 2, new byte[] {1});
    }

    static List<Long> drain(PackBacklog b) {
        List<Long> seqs = new ArrayList<>();
        for (PackBacklog.Pack p = b.poll(); p != null; p = b.poll()) {
            seqs.add(p.seq());
        }
        return seqs;
    }

    @Test
    void packsComeOutOldestFirstAndFailedOnesGoBackInSeqOrder() {
        PackBacklog b = new PackBacklog(10);
        for (long seq = 1; seq <= 9; seq += 2) {
            assertTrue(b.add(pack(seq)).isEmpty());
        }
        assertEquals(10, b.readings());
        PackBacklog.Pack first = b.poll();
        PackBacklog.Pack second = b.poll();
        PackBacklog.Pack third = b.poll();
        // the connection drops: the three in flight fail, in any order
        b.requeue(third);
        b.requeue(first);
        b.requeue(second);
        b.add(pack(11));
        assertEquals(12, b.readings());
        assertEquals(List.of(1L, 3L, 5L, 7L, 9L, 11L), drain(b));
        assertEquals(0, b.readings());
        assertTrue(b.isEmpty());
        assertNull(b.poll());
    }

    @Test
    void aFullBacklogDropsTheOldest() {
        PackBacklog b = new PackBacklog(3);
        b.add(pack(1));
        b.add(pack(3));
        b.add(pack(5));
        List<PackBacklog.Pack> dropped = b.add(pack(7));
        assertEquals(List.of(1L), dropped.stream().map(PackBacklog.Pack::seq).toList());
        // a failed pack older than everything queued is the oldest: it is the one dropped
        dropped = b.requeue(pack(-1));
        assertEquals(List.of(-1L), dropped.stream().map(PackBacklog.Pack::seq).toList());
        assertEquals(3, b.size());
        assertEquals(6, b.readings());
        assertEquals(List.of(3L, 5L, 7L), drain(b));
        var e = assertThrows(IllegalArgumentException.class, () -> new PackBacklog(0));
        assertEquals("backlog limit must be at least 1 pack, got 0", e.getMessage());
    }
}
