package org.hanedge.fleet.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;

/** Filters, paging, replay marks and retention of dead letters, on H2 and on a real PostgreSQL. */
class DeadLetterRepositoryTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static void insert(TestDatabase db, Instant at, String gateway, String reason) {
        db.jdbc().sql("INSERT INTO dead_letter (received_at, gateway_id, topic, reason, detail, payload_size, payload)"
                + " VALUES (?, ?, ?, ?, ?, 2, 'W10=')").params(at.toEpochMilli(), gateway,
                        "hanedge/v1/" + gateway + "/telemetry", reason, "record 0: something").update();
    }

    private static long count(TestDatabase db) {
        return db.jdbc().sql("SELECT COUNT(*) FROM dead_letter").query(Long.class).single();
    }

    @OnH2AndPostgres
    void filtersPagesAndMarks(TestDatabase db) {
        DeadLetterRepository repo = new DeadLetterRepository(db.jdbc());
        insert(db, NOW.minusSeconds(300), "G1", "UNKNOWN_DEVICE");
        insert(db, NOW.minusSeconds(200), "G1", "NOT_SENML");
        insert(db, NOW.minusSeconds(100), "G2", "UNKNOWN_DEVICE");
        DeadLetterFilter all = new DeadLetterFilter(null, null, null, null, null);
        assertThat(repo.count(all)).isEqualTo(3);
        assertThat(repo.page(all, 0, 2)).extracting(StoredDeadLetter::gatewayId).containsExactly("G2", "G1");
        assertThat(repo.page(all, 1, 2)).extracting(StoredDeadLetter::reason).containsExactly("UNKNOWN_DEVICE");
        assertThat(repo.count(new DeadLetterFilter("G1", "UNKNOWN_DEVICE", null, null, null))).isEqualTo(1);
        assertThat(repo.count(new DeadLetterFilter(null, null, NOW.minusSeconds(250), NOW.minusSeconds(150), null)))
                .isEqualTo(1);
        assertThat(repo.page(all, 0, 10)).allMatch(d -> d.payloadBase64() == null);

        long first = repo.unresolvedIds(all, 10).get(0);
        assertThat(repo.find(first).orElseThrow().payloadBase64()).isEqualTo("W10=");
        repo.markReplayed(first, NOW.toEpochMilli(), "STORED", "stored 1, already stored 0");
        long second = repo.unresolvedIds(all, 10).get(0);
        repo.markReplayed(second, NOW.toEpochMilli(), "REFUSED", "still refused");
        assertThat(repo.count(new DeadLetterFilter(null, null, null, null, true))).isEqualTo(1);
        assertThat(repo.count(new DeadLetterFilter(null, null, null, null, false))).isEqualTo(2);
        assertThat(repo.unresolvedIds(all, 10)).hasSize(2).doesNotContain(first);
        StoredDeadLetter marked = repo.find(first).orElseThrow();
        assertThat(marked.replayOutcome()).isEqualTo("STORED");
        assertThat(marked.replayedAt()).isEqualTo(NOW.toEpochMilli());
    }

    @OnH2AndPostgres
    void retentionDeletesTheOldAndTheOldestBeyondTheMaximum(TestDatabase db) {
        DeadLetterRepository repo = new DeadLetterRepository(db.jdbc());
        insert(db, NOW.minus(Duration.ofDays(31)), "G1", "NOT_SENML");
        insert(db, NOW.minus(Duration.ofDays(29)), "G1", "NOT_SENML");
        for (int i = 0; i < 5; i++) {
            insert(db, NOW.minusSeconds(60 - i), "G1", "UNKNOWN_DEVICE");
        }
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        DeadLetterRetentionJob byAge = new DeadLetterRetentionJob(repo,
                new DeadLetterProperties(Duration.ofDays(30), 100, Duration.ofHours(24), 1000), clock);
        assertThat(byAge.runOnce()).isEqualTo(1);
        assertThat(count(db)).isEqualTo(6);
        DeadLetterRetentionJob byCount = new DeadLetterRetentionJob(repo,
                new DeadLetterProperties(Duration.ofDays(30), 4, Duration.ofHours(24), 1000), clock);
        assertThat(byCount.runOnce()).isEqualTo(2);
        assertThat(db.jdbc().sql("SELECT received_at FROM dead_letter ORDER BY id").query(Long.class).list())
                .containsExactly(NOW.minusSeconds(59).toEpochMilli(), NOW.minusSeconds(58).toEpochMilli(),
                        NOW.minusSeconds(57).toEpochMilli(), NOW.minusSeconds(56).toEpochMilli());
        assertThat(byCount.runOnce()).isZero();
    }
}
