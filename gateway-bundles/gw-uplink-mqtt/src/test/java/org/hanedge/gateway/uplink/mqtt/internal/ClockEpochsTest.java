package org.hanedge.gateway.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The epoch table and the clock watch on a fake clock: hold/release, steps, persistence across restarts. */
class ClockEpochsTest {
    private static final long YEAR = 365L * 24 * 3600 * 1000;
    private static final long TRUE_START = 1_796_000_000_000L; // Dec 2026

    @TempDir
    Path dir;

    /** A fake wall and monotonic clock. */
    static final class FakeClock implements ClockSource {
        long wall;
        long mono = 5_000;

        FakeClock(long wall) {
            this.wall = wall;
        }

        void advance(long ms) {
            wall += ms;
            mono += ms;
        }

        @Override
        public long wallMillis() {
            return wall;
        }

        @Override
        public long monoMillis() {
            return mono;
        }
    }

    private ClockEpochs load() throws Exception {
        return ClockEpochs.load(dir.resolve("clock-epochs"), 500);
    }

    @Test
    void recordsOfABootAreHeldUntilTheServerTellsTheTimeThenCorrected() throws Exception {
        FakeClock clock = new FakeClock(TRUE_START - YEAR); // a year behind
        ClockEpochs t = load();
        t.startBoot("jvm1", 0, clock.wall - 2_000, clock.wall, clock.wall - clock.mono);
        assertFalse(t.known());
        assertFalse(t.status().synchronised());

        // the server answers: true time = TRUE_START now, round trip 40 ms
        long k = TRUE_START + 20 - clock.mono;
        t.measured(k, 40, 10);
        assertTrue(t.known());
        assertEquals(TimeSource.SERVER, t.status().source());
        assertEquals(YEAR + 20, t.correction(1, clock.wall - 1_000));
        assertEquals(YEAR + 20, t.correction(11, clock.wall + 5_000));
        assertEquals(Long.valueOf(YEAR + 20), t.status().lastOffsetMillis());
        assertEquals(0L, t.status().uncorrected());
    }

    @Test
    void aMeasuredErrorWithinTheToleranceMeansNoCorrection() throws Exception {
        FakeClock clock = new FakeClock(TRUE_START);
        ClockEpochs t = load();
        t.startBoot("jvm2", 0, clock.wall, clock.wall, clock.wall - clock.mono);
        t.measured(TRUE_START + 300 - clock.mono, 10, 0);
        assertEquals(0L, t.correction(1, clock.wall));
        // a later measurement beyond the tolerance (drift) starts a new epoch; earlier records keep theirs
        t.measured(TRUE_START + 2_300 - clock.mono, 10, 50);
        assertEquals(0L, t.correction(50, clock.wall));
        assertEquals(2_300, t.correction(51, clock.wall));
    }

    @Test
    void aStepOfTheOsClockCorrectsTheEpochBeforeItAndClassifiesTheAmbiguousSeqsByTime() throws Exception {
        FakeClock clock = new FakeClock(TRUE_START - YEAR);
        AtomicLong lastSeq = new AtomicLong(0);
        AtomicInteger woken = new AtomicInteger();
        ClockEpochs t = load();
        t.startBoot("jvm3", 0, clock.wall, clock.wall, clock.wall - clock.mono);
        ClockWatch w = new ClockWatch(t, clock, lastSeq::get, 5_000, () -> -1, woken::incrementAndGet);
        // 100 records in the first 10 s, a year behind
        for (int i = 0; i < 10; i++) {
            clock.advance(1_000);
            lastSeq.addAndGet(10);
            w.sample();
        }
        assertFalse(t.known());
        long oldClockAtStep = clock.wall + 500;
        // NTP steps the clock half-way through the next second; records 101..105 before it, 106..110 after it
        clock.advance(500);
        lastSeq.addAndGet(5);
        clock.wall += YEAR;
        clock.advance(500);
        lastSeq.addAndGet(5);
        w.sample();
        assertTrue(t.known());
        assertEquals(TimeSource.STEP, t.status().source());
        assertEquals(1, woken.get());
        assertEquals(YEAR, t.correction(50, TRUE_START - YEAR + 5_000));
        assertEquals(YEAR, t.correction(103, oldClockAtStep - 100), "before the step, old clock");
        assertEquals(0L, t.correction(108, oldClockAtStep + YEAR + 200), "after the step, new clock");
        clock.advance(1_000);
        lastSeq.addAndGet(10);
        w.sample();
        assertEquals(0L, t.correction(115, clock.wall));
        assertEquals(2, t.epochs().size());
    }

    @Test
    void theTableSurvivesARestartAndAPreviousBootsUnknownCorrectionIsSentAsLocalTimeAndCounted() throws Exception {
        FakeClock clock = new FakeClock(TRUE_START - YEAR);
        ClockEpochs first = load();
        first.startBoot("jvm4", 0, clock.wall, clock.wall, clock.wall - clock.mono);
        first.measured(TRUE_START - clock.mono, 10, 20);
        first.checkpoint(40);
        first.save();

        // second boot: power cut before any time was known (records 41..60)
        ClockEpochs second = load();
        second.startBoot("jvm5", 45, clock.wall + 60_000, clock.wall + 60_000, clock.wall - clock.mono);
        second.checkpoint(60);
        second.save();

        // third boot: records 61.. ; 57 was taken in the second boot, before its last checkpoint... and after it
        FakeClock third = new FakeClock(TRUE_START - YEAR + 3_600_000);
        ClockEpochs t = load();
        t.startBoot("jvm6", 62, third.wall - 1_000, third.wall, third.wall - third.mono);
        assertEquals(YEAR, t.correction(30, TRUE_START - YEAR + 10), "first boot, corrected");
        assertEquals(0L, t.correction(50, TRUE_START - YEAR + 70_000), "second boot, never known");
        assertEquals(1, t.status().uncorrected());
        t.measured(TRUE_START + 3_600_000 - third.mono, 10, 62);
        assertEquals(YEAR, t.correction(61, third.wall - 500), "this boot, appended before the uplink started");
        assertEquals(0L, t.correction(61, TRUE_START - YEAR + 70_000), "previous boot's, after its checkpoint");
        assertEquals(YEAR, t.correction(63, third.wall));
        assertTrue(Files.readString(dir.resolve("clock-epochs")).startsWith(ClockEpochs.HEADER));
    }

    @Test
    void withoutAnAnswerTheLocalClockIsAssumedRightAfterTheFallbackOnALiveSessionOnly() throws Exception {
        FakeClock clock = new FakeClock(TRUE_START);
        ClockEpochs t = load();
        t.startBoot("jvm7", 0, clock.wall, clock.wall, clock.wall - clock.mono);
        AtomicLong asked = new AtomicLong(-1);
        ClockWatch w = new ClockWatch(t, clock, () -> 0, 5_000, asked::get, () -> { });
        for (int i = 0; i < 30; i++) { // offline for 30 s: no request, keep holding
            clock.advance(1_000);
            w.sample();
        }
        assertFalse(t.known());
        asked.set(clock.mono);
        clock.advance(4_000);
        w.sample();
        assertFalse(t.known());
        clock.advance(1_000);
        w.sample();
        assertTrue(t.known());
        assertEquals(TimeSource.FALLBACK, t.status().source());
        assertEquals(0L, t.correction(1, clock.wall));
        // a later step is trusted over the fallback's assumption
        clock.wall += 3_000;
        clock.advance(1_000);
        w.sample();
        assertEquals(TimeSource.STEP, t.status().source());
        assertEquals(0L, t.correction(5, clock.wall));
    }

    @Test
    void aReactivationInTheSameJvmResumesTheBootWithItsKnownTime() throws Exception {
        FakeClock clock = new FakeClock(TRUE_START - YEAR);
        ClockEpochs t = load();
        t.startBoot("jvm-a", 0, clock.wall, clock.wall, clock.wall - clock.mono);
        t.measured(TRUE_START - clock.mono, 10, 5);
        t.checkpoint(20);
        t.save();
        clock.advance(3_000);
        ClockEpochs again = load();
        again.startBoot("jvm-a", 25, clock.wall - 3_000, clock.wall, clock.wall - clock.mono);
        assertTrue(again.known(), "the time stays known");
        assertEquals(TimeSource.SERVER, again.status().source());
        assertEquals(YEAR, again.correction(22, clock.wall - 1_000));
        assertEquals(1, again.epochs().size());
        // a step while the uplink was down is a new epoch, its correction from the server's K
        clock.advance(1_000);
        again.save();
        clock.wall += YEAR;
        ClockEpochs third = load();
        third.startBoot("jvm-a", 30, 0, clock.wall, clock.wall - clock.mono);
        assertEquals(2, third.epochs().size());
        assertEquals(0L, third.correction(31, clock.wall));
        assertEquals(YEAR, third.correction(10, TRUE_START - YEAR));
    }

    @Test
    void aDamagedTableIsRefusedNamingFileAndLine() throws Exception {
        Files.writeString(dir.resolve("clock-epochs"), ClockEpochs.HEADER + "\nboot 2\nepoch 1 x\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::load);
        assertTrue(e.getMessage().contains("clock-epochs line 3"), e.getMessage());
    }
}
