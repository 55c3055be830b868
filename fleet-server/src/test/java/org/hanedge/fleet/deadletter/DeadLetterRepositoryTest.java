package org.hanedge.fleet.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Filters, paging, replay marks and retention of dead letters, on H2 and on a real PostgreSQL. */
class DeadLetterRepositoryTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static void insert(TestDatabase db, Instant at, String gateway, String reason) {
        db.jdbc().sql("INSERT INTO dead_letter (received_at, gateway_id, topic, reason, detail, payload_size, payload)"
                + " VALUES (?, ?, ?, ?, ?, 2, 'W10=')").params(at.toEpochMilli(), gateway,
                        Topics.of(gateway, TopicKind.TELEMETRY), reason, "record 0: something").update();
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

    private static DeadLetterRetentionJob job(DeadLetterRepository repo, int maxCount, MeterRegistry meters) {
        return new DeadLetterRetentionJob(repo,
                new DeadLetterProperties(Duration.ofDays(30), maxCount, Duration.ofHours(24), 1000),
                Clock.fixed(NOW, ZoneOffset.UTC), meters);
    }

    private static double unresolvedDeleted(MeterRegistry meters, String limit) {
        return meters.get("hanedge.dead.letters.unresolved.deleted").tag("limit", limit).counter().count();
    }

    private static List<Long> receivedAt(TestDatabase db) {
        return db.jdbc().sql("SELECT received_at FROM dead_letter ORDER BY id").query(Long.class).list();
    }

    @OnH2AndPostgres
    void ageRetentionDeletesOldLettersAndCountsTheUnresolvedOnes(TestDatabase db) {
        DeadLetterRepository repo = new DeadLetterRepository(db.jdbc());
        insert(db, NOW.minus(Duration.ofDays(32)), "G1", "UNKNOWN_DEVICE");
        insert(db, NOW.minus(Duration.ofDays(31)), "G1", "NOT_SENML");
        insert(db, NOW.minus(Duration.ofDays(29)), "G1", "NOT_SENML");
        long resolvedId = repo.unresolvedIds(new DeadLetterFilter(null, null, null, null, null), 1).get(0);
        repo.markReplayed(resolvedId, NOW.toEpochMilli(), "STORED", "stored 1");
        MeterRegistry meters = new SimpleMeterRegistry();
        assertThat(job(repo, 100, meters).runOnce()).isEqualTo(new DeadLetterRetentionJob.Deleted(1, 1, 0));
        assertThat(receivedAt(db)).containsExactly(NOW.minus(Duration.ofDays(29)).toEpochMilli());
        assertThat(unresolvedDeleted(meters, "max-age")).isEqualTo(1.0);
        assertThat(unresolvedDeleted(meters, "max-count")).isZero();
    }

    @OnH2AndPostgres
    void countRetentionDeletesResolvedLettersFirstAndUnresolvedOnlyWhenStillOver(TestDatabase db) {
        DeadLetterRepository repo = new DeadLetterRepository(db.jdbc());
        for (int i = 0; i < 8; i++) {
            insert(db, NOW.minusSeconds(60 - i), "G1", "UNKNOWN_DEVICE");
        }
        List<Long> ids = repo.unresolvedIds(new DeadLetterFilter(null, null, null, null, null), 10);
        repo.markReplayed(ids.get(1), NOW.toEpochMilli(), "STORED", "stored 1");
        repo.markReplayed(ids.get(5), NOW.toEpochMilli(), "DUPLICATE", "already stored");
        repo.markReplayed(ids.get(6), NOW.toEpochMilli(), "REFUSED", "still refused"); // unresolved
        MeterRegistry meters = new SimpleMeterRegistry();

        // 8 letters, at most 6: the two resolved ones go, even though unresolved ones are older
        assertThat(job(repo, 6, meters).runOnce()).isEqualTo(new DeadLetterRetentionJob.Deleted(2, 0, 0));
        assertThat(repo.count(new DeadLetterFilter(null, null, null, null, false))).isEqualTo(6);
        assertThat(unresolvedDeleted(meters, "max-count")).isZero();

        // at most 4: nothing resolved is left, so the two oldest unresolved ones go, counted
        assertThat(job(repo, 4, meters).runOnce()).isEqualTo(new DeadLetterRetentionJob.Deleted(0, 0, 2));
        assertThat(receivedAt(db)).containsExactly(NOW.minusSeconds(57).toEpochMilli(),
                NOW.minusSeconds(56).toEpochMilli(), NOW.minusSeconds(54).toEpochMilli(),
                NOW.minusSeconds(53).toEpochMilli());
        assertThat(unresolvedDeleted(meters, "max-count")).isEqualTo(2.0);
        assertThat(job(repo, 4, meters).runOnce().total()).isZero();
    }

    @OnH2AndPostgres
    void retentionDeletesMoreThanOneBatch(TestDatabase db) {
        DeadLetterRepository repo = new DeadLetterRepository(db.jdbc());
        int n = DeadLetterRepository.DELETE_BATCH + 10;
        for (int i = 0; i < n; i++) {
            insert(db, NOW.minus(Duration.ofDays(40)), "G1", "NOT_SENML");
        }
        MeterRegistry meters = new SimpleMeterRegistry();
        assertThat(job(repo, 100, meters).runOnce().unresolvedByAge()).isEqualTo(n);
        assertThat(count(db)).isZero();
    }

    @OnH2AndPostgres
    void markingADeletedLetterSaysSo(TestDatabase db) {
        DeadLetterRepository repo = new DeadLetterRepository(db.jdbc());
        insert(db, NOW, "G1", "UNKNOWN_DEVICE");
        long id = repo.unresolvedIds(new DeadLetterFilter(null, null, null, null, null), 1).get(0);
        db.jdbc().sql("DELETE FROM dead_letter WHERE id = ?").param(id).update();
        assertThat(repo.markReplayed(id, NOW.toEpochMilli(), "STORED", "stored 1")).isFalse();
    }
}
