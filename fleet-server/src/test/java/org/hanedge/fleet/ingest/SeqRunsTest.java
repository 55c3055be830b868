package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqRunsTest {
    @Test
    void mergesAdjacentAndOverlappingRuns() {
        SeqRuns r = new SeqRuns();
        assertThat(r.add(5)).isTrue();
        assertThat(r.add(7)).isTrue();
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.add(6)).isTrue();
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.add(6)).isFalse();
        assertThat(r.addRun(1, 10)).isTrue();
        assertThat(r.runs()).containsExactly(new long[] { 1, 10 });
        assertThat(r.addRun(3, 9)).isFalse();
        assertThat(r.addRun(20, 30)).isTrue();
        assertThat(r.contains(25)).isTrue();
        assertThat(r.contains(15)).isFalse();
        assertThat(r.addRun(11, 19)).isTrue();
        assertThat(r.runs()).containsExactly(new long[] { 1, 30 });
    }

    @Test
    void runsOfUnsortedNumbers() {
        assertThat(SeqRuns.runsOf(new long[] { 9, 3, 4, 5, 9, 11 }))
                .containsExactly(new long[] { 3, 5 }, new long[] { 9, 9 }, new long[] { 11, 11 });
    }
}
