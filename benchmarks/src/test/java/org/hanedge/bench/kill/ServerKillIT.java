package org.hanedge.bench.kill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: the fleet server SIGKILLed under sustained ingest and restarted on the same data, on H2 and on
 * PostgreSQL; at the end no reading the broker acknowledged (PUBACK) to a gateway is missing from the database, none is
 * stored twice, the rollups equal the raw rows and the alarms agree with their transitions. The server is the real jar
 * in its own JVM, the gateways a virtual fleet speaking the real MQTT contract ({@link KillSoak}).
 * <p>
 * {@code -Dhanedge.kill.rounds=N} sets the kills per store (default {@value #DEFAULT_ROUNDS}, to keep the suite short;
 * {@code ./hanedge bench kill} runs 20), {@code -Dhanedge.kill.seed=S} repeats a run's kill moments (the seed is
 * printed).
 */
class ServerKillIT {
    static final int DEFAULT_ROUNDS = 2;
    private static final int ROUNDS = Integer.getInteger("hanedge.kill.rounds", DEFAULT_ROUNDS);
    private static final long SEED = Long.getLong("hanedge.kill.seed", System.currentTimeMillis());

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KillStore.class)
    void noAcknowledgedReadingIsLostWhenTheServerIsKilled(KillStore store) throws Exception {
        KillSettings settings = new KillSettings(store, ROUNDS, 80, 10, Duration.ofMillis(500), Duration.ofSeconds(3),
                SEED, Path.of(System.getProperty("hanedge.fleet.jar")), Path.of(System.getProperty("hanedge.profiles")),
                dir, "512m");
        KillFigures f = new KillSoak(settings, System.out).run();
        String figures = "\n" + f.text();
        assertAll(
                () -> assertEquals(ROUNDS + 1, f.startMillis().size(), "the server started every time" + figures),
                () -> assertTrue(f.seqs().acked() > 0, "readings acknowledged" + figures),
                () -> assertEquals(0, f.seqs().missing(), "acknowledged readings missing" + figures),
                () -> assertEquals(0, f.seqs().duplicates(), "readings stored twice" + figures),
                () -> assertEquals(0, f.seqs().unexpected(), "stored seqs no gateway took" + figures),
                () -> assertEquals(0, f.deadLetters(), "dead letters" + figures),
                () -> assertTrue(f.rollupsCaughtUp(), "the rollup job caught up after the last restart" + figures),
                () -> assertTrue(f.rollups().bucketsChecked() > 0, "rollup buckets compared" + figures),
                () -> assertEquals(0, f.rollups().mismatches(), "rollups that differ from the raw rows" + figures),
                () -> assertEquals(0, f.alarms().inconsistencies(), "alarms contradicting their transitions" + figures));
    }
}
