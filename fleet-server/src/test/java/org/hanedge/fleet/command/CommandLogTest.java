package org.hanedge.fleet.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.hanedge.fleet.audit.AuditAction;
import org.hanedge.fleet.audit.AuditEntryDto;
import org.hanedge.fleet.audit.AuditFilter;
import org.hanedge.fleet.audit.AuditLog;
import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;
import org.hanedge.fleet.notify.MutableClock;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The command log's statements (migration V9), on H2 and on a real PostgreSQL. */
class CommandLogTest {
    static final long T0 = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();

    @OnH2AndPostgres
    void sentAnsweredTimedOutLateAndListedNewestFirst(TestDatabase db) {
        db.jdbc().sql("INSERT INTO gateway (id, kind, name, created_at) VALUES ('PS-01', 'pump-station', 'PS', 0)")
                .update();
        AuditLog audit = new AuditLog(db.jdbc(), new ObjectMapper(), new MutableClock(Instant.ofEpochMilli(T0)));
        CommandLog log = new CommandLog(db.jdbc(), audit);
        log.sent("c-1", "PS-01", "ps-io", "pump1_run", true, "operator", "storm", T0);
        log.sent("c-2", "PS-01", "ps-io", "pump2_run", false, "token:city", null, T0 + 1000);
        log.sent("c-3", "PS-01", "ps-io", "pump3_run", true, "operator", null, T0 + 2000);

        assertThat(log.answered("c-1", "PS-01", "REFUSED_INTERLOCK", "wet_well_level is 0.31 m", T0 + 50)).isTrue();
        assertThat(log.answered("c-1", "PS-01", "DONE", null, T0 + 60)).as("answered once").isFalse();
        assertThat(log.answered("c-2", "OTHER-GW", "DONE", null, T0 + 60)).as("only its own gateway").isFalse();
        log.timedOut("c-2", T0 + 11_000);
        assertThat(log.answered("c-2", "PS-01", "DONE", null, T0 + 12_000)).as("late answer").isTrue();
        log.notDelivered("c-3", "no subscriber", T0 + 2010);
        log.timedOut("c-3", T0 + 12_000); // after the fact: keeps its status

        CommandDto c1 = log.find("c-1").orElseThrow();
        assertThat(c1.status()).isEqualTo("REFUSED_INTERLOCK");
        assertThat(c1.answerReason()).isEqualTo("wet_well_level is 0.31 m");
        assertThat(c1.value()).isEqualTo(true);
        assertThat(c1.reason()).isEqualTo("storm");
        assertThat(c1.sentAt()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(c1.answeredAt()).isEqualTo(Instant.ofEpochMilli(T0 + 50));
        assertThat(c1.timedOutAt()).isNull();
        CommandDto c2 = log.find("c-2").orElseThrow();
        assertThat(c2.status()).isEqualTo("DONE");
        assertThat(c2.value()).isEqualTo(false);
        assertThat(c2.operator()).isEqualTo("token:city");
        assertThat(c2.timedOutAt()).isEqualTo(Instant.ofEpochMilli(T0 + 11_000));
        assertThat(c2.answeredAt()).isEqualTo(Instant.ofEpochMilli(T0 + 12_000));
        assertThat(log.find("c-3").orElseThrow().status()).isEqualTo("NOT_DELIVERED");

        assertThat(log.list("PS-01", 0, 2).items()).extracting(CommandDto::id).containsExactly("c-3", "c-2");
        assertThat(log.list("PS-01", 1, 2).items()).extracting(CommandDto::id).containsExactly("c-1");
        assertThat(log.list("PS-01", 0, 2).total()).isEqualTo(3);
        assertThat(log.list("OTHER-GW", 0, 2).total()).isZero();

        // every step in the audit log, oldest first here: three sent, c-1 refused, c-2 timed out then answered late,
        // c-3 never delivered (its later time-out changes nothing, so is not recorded)
        List<AuditEntryDto> trail = new ArrayList<>(audit.list(new AuditFilter("PS-01", null, null, null, null), 0, 100));
        Collections.reverse(trail);
        assertThat(trail).extracting(e -> e.action() + " " + e.outcome() + " " + e.actor() + " " + e.details().get("command"))
                .containsExactly("COMMAND_SENT SENT operator c-1", "COMMAND_SENT SENT token:city c-2",
                        "COMMAND_SENT SENT operator c-3", "COMMAND_ANSWERED REFUSED_INTERLOCK gateway:PS-01 c-1",
                        "COMMAND_ANSWERED TIMED_OUT server c-2", "COMMAND_ANSWERED DONE gateway:PS-01 c-2",
                        "COMMAND_ANSWERED NOT_DELIVERED server c-3");
        assertThat(trail.get(0).details()).containsEntry("channel", "pump1_run").containsEntry("reason", "storm");
    }

    @OnH2AndPostgres
    void commandsNobodyWaitsForAnyMoreTimeOutAndALateAnswerStillCounts(TestDatabase db) {
        db.jdbc().sql("INSERT INTO gateway (id, kind, name, created_at) VALUES ('PS-02', 'pump-station', 'PS', 0)")
                .update();
        AuditLog audit = new AuditLog(db.jdbc(), new ObjectMapper(), new MutableClock(Instant.ofEpochMilli(T0)));
        CommandLog log = new CommandLog(db.jdbc(), audit);
        log.sent("old", "PS-02", "ps-io", "pump1_run", true, "operator", null, T0);
        log.sent("answered", "PS-02", "ps-io", "pump1_run", true, "operator", null, T0);
        log.answered("answered", "PS-02", "DONE", null, T0 + 100);
        log.sent("recent", "PS-02", "ps-io", "pump1_run", false, "operator", null, T0 + 30_000);

        assertThat(log.abandoned(T0 + 20_000, T0 + 40_000)).isEqualTo(1);
        assertThat(log.abandoned(T0 + 20_000, T0 + 41_000)).as("once").isZero();
        CommandDto old = log.find("old").orElseThrow();
        assertThat(old.status()).isEqualTo("TIMED_OUT");
        assertThat(old.timedOutAt()).isEqualTo(Instant.ofEpochMilli(T0 + 40_000));
        assertThat(log.find("answered").orElseThrow().status()).isEqualTo("DONE");
        assertThat(log.find("recent").orElseThrow().status()).as("a server may still wait for it").isEqualTo("SENT");
        assertThat(log.answered("old", "PS-02", "DONE", null, T0 + 50_000)).as("late answer").isTrue();

        List<AuditEntryDto> timedOut = audit.list(new AuditFilter("PS-02", null, AuditAction.COMMAND_ANSWERED, null,
                null), 0, 50).stream().filter(e -> "TIMED_OUT".equals(e.outcome())).toList();
        assertThat(timedOut).hasSize(1);
        assertThat(timedOut.get(0).actor()).isEqualTo("server");
        assertThat(timedOut.get(0).details()).containsEntry("command", "old");
    }
}
