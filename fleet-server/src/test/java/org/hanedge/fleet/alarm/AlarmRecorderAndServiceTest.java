package org.hanedge.fleet.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.telemetry.query.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlarmRecorderAndServiceTest {
    static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
    static final Instant NOW = Instant.parse("2026-11-27T05:00:00Z");

    TestDatabase db;
    AlarmRecorder recorder;
    AlarmService service;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        AlarmRepository repository = new AlarmRepository(db.jdbc);
        recorder = new AlarmRecorder(repository);
        service = new AlarmService(repository, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private long rows() {
        return db.jdbc.sql("SELECT COUNT(*) FROM alarm").query(Long.class).single();
    }

    @Test
    void aRepeatedRaiseOfAnOpenAlarmIsIdempotent() {
        AlarmRecorder.Raised first = recorder.raise("ps-01", "plc", "wet_well_level", "wet_well_level:HIGH", "warning",
                "Wet-well level high", 3.6, 3.5, T0, 10L);
        assertThat(first.created()).isTrue();
        AlarmRecorder.Raised again = recorder.raise("ps-01", "plc", "wet_well_level", "wet_well_level:HIGH", "WARNING",
                "Wet-well level high", 3.7, 3.5, T0 + 1000, 11L);
        assertThat(again).isEqualTo(new AlarmRecorder.Raised(first.id(), false));
        assertThat(rows()).isEqualTo(1);

        AlarmDto a = service.get(first.id());
        assertThat(a.state()).isEqualTo(AlarmState.RAISED);
        assertThat(a.severity()).isEqualTo("WARNING");
        assertThat(a.source()).isEqualTo(AlarmSource.GATEWAY);
        assertThat(a.value()).isEqualTo(3.6);
        assertThat(a.limit()).isEqualTo(3.5);
        assertThat(a.raisedAt()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(a.acknowledged()).isFalse();

        // another key of the same gateway is another alarm
        assertThat(recorder.raise("ps-01", "plc", "wet_well_level", "wet_well_level:HIGH_HIGH", "CRITICAL", null,
                4.3, 4.2, T0 + 2000, 12L).created()).isTrue();
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void clearClosesTheOpenAlarmAndALaterRaiseOpensANewOne() {
        long id = recorder.raise("ps-01", "plc", "high_level_float", "float", "CRITICAL", "Float", 1.0, null, T0, 1L)
                .id();
        assertThat(recorder.clear("ps-01", "float", T0 + 60_000, 2L)).contains(id);
        AlarmDto cleared = service.get(id);
        assertThat(cleared.state()).isEqualTo(AlarmState.CLEARED);
        assertThat(cleared.clearedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        // the clear replayed (same seq) answers the same alarm; a clear of nothing open records nothing
        assertThat(recorder.clear("ps-01", "float", T0 + 60_000, 2L)).contains(id);
        assertThat(recorder.clear("ps-01", "float", T0 + 70_000, 3L)).isEmpty();
        // the raise replayed after the clear (same seq) does not reopen it
        assertThat(recorder.raise("ps-01", "plc", "high_level_float", "float", "CRITICAL", "Float", 1.0, null, T0,
                1L)).isEqualTo(new AlarmRecorder.Raised(id, false));
        // a new raise of the condition is a new alarm
        AlarmRecorder.Raised next = recorder.raise("ps-01", "plc", "high_level_float", "float", "CRITICAL", "Float",
                1.0, null, T0 + 120_000, 4L);
        assertThat(next.created()).isTrue();
        assertThat(next.id()).isNotEqualTo(id);
        assertThat(recorder.clear("ps-01", "unknown-key", T0, 5L)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> recorder.raise("ps-01", null, null, "", "WARNING", null, null, null, T0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alarmKey");
    }

    @Test
    void listsNewestFirstWithFiltersAndPageTotals() {
        for (int i = 0; i < 7; i++) {
            recorder.raise(i < 5 ? "gw-a" : "gw-b", "d", "c", "k" + i, i % 2 == 0 ? "WARNING" : "CRITICAL", null,
                    null, null, T0 + i * 1000L, (long) i);
        }
        recorder.clear("gw-a", "k1", T0 + 10_000, 100L);

        PageDto<AlarmDto> p0 = service.list(null, null, null, null, null, null, "0", "3");
        assertThat(p0.total()).isEqualTo(7);
        assertThat(p0.items()).extracting(AlarmDto::key).containsExactly("k6", "k5", "k4");
        PageDto<AlarmDto> p2 = service.list("ALL", null, null, null, null, null, "2", "3");
        assertThat(p2.items()).extracting(AlarmDto::key).containsExactly("k0");
        assertThat(p2.page()).isEqualTo(2);
        assertThat(p2.size()).isEqualTo(3);

        assertThat(service.list("RAISED", null, null, null, null, null, null, null).total()).isEqualTo(6);
        assertThat(service.list("cleared", null, null, null, null, null, null, null).items())
                .extracting(AlarmDto::key).containsExactly("k1");
        assertThat(service.list(null, null, "gw-b", null, null, null, null, null).total()).isEqualTo(2);
        assertThat(service.list(null, null, null, "critical", null, null, null, null).total()).isEqualTo(3);
        assertThat(service.list(null, null, null, null, Instant.ofEpochMilli(T0 + 2000).toString(),
                Instant.ofEpochMilli(T0 + 4000).toString(), null, null).items())
                .extracting(AlarmDto::key).containsExactly("k3", "k2");

        long k3 = service.list(null, null, null, null, null, null, "3", "1").items().get(0).id();
        service.acknowledge(k3, "ops", "seen");
        assertThat(service.list(null, "true", null, null, null, null, null, null).items())
                .extracting(AlarmDto::key).containsExactly("k3");
        assertThat(service.list(null, "false", null, null, null, null, null, null).total()).isEqualTo(6);
    }

    @Test
    void badListParametersAreRefusedNamingThem() {
        assertThatThrownBy(() -> service.list("OPEN", null, null, null, null, null, null, null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("state"));
        assertThatThrownBy(() -> service.list(null, "yes", null, null, null, null, null, null))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.parameter()).isEqualTo("acknowledged"));
        assertThatThrownBy(() -> service.list(null, null, null, null, null, null, null, "501"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("size"));
        assertThatThrownBy(() -> service.list(null, null, null, null, null, null, "-1", null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("page"));
        assertThatThrownBy(() -> service.list(null, null, null, null, "2026-11-27T00:00:00Z", "2026-11-26T00:00:00Z",
                null, null)).isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.parameter()).isEqualTo("from"));
        assertThat(service.list(null, null, null, null, null, null, null, "500").size()).isEqualTo(500);
    }

    @Test
    void theFirstAcknowledgementIsKept() {
        long id = recorder.raise("gw-a", "d", "c", "k", "WARNING", null, null, null, T0, 1L).id();
        AlarmDto acked = service.acknowledge(id, "alice", "on it");
        assertThat(acked.acknowledged()).isTrue();
        assertThat(acked.acknowledgedBy()).isEqualTo("alice");
        assertThat(acked.comment()).isEqualTo("on it");
        assertThat(acked.acknowledgedAt()).isEqualTo(NOW);
        assertThat(acked.state()).isEqualTo(AlarmState.RAISED);

        AlarmDto again = service.acknowledge(id, "bob", "me too");
        assertThat(again.acknowledgedBy()).isEqualTo("alice");
        assertThat(again.comment()).isEqualTo("on it");

        assertThatThrownBy(() -> service.acknowledge(999_999, "alice", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.acknowledge(id, "alice", "x".repeat(501)))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.parameter()).isEqualTo("comment"));
    }

    @Test
    void everyTransitionIsInTheHistoryAndIgnoredRepeatsAreNot() {
        java.util.List<AlarmTransition> told = new java.util.ArrayList<>();
        AlarmRepository repository = new AlarmRepository(db.jdbc);
        AlarmRecorder rec = new AlarmRecorder(repository, java.util.List.of(told::add));
        AlarmService svc = new AlarmService(repository, Clock.fixed(NOW, ZoneOffset.UTC), java.util.List.of(told::add));

        long id = rec.raise("gw-h", "plc", "wet_well_level", "wwl:HIGH", "warning", "high 3.6 m", 3.6, 3.5, T0, 1L).id();
        rec.raise("gw-h", "plc", "wet_well_level", "wwl:HIGH", "WARNING", "again", 3.7, 3.5, T0 + 1, 2L); // open
        svc.acknowledge(id, "alice", "crew sent");
        svc.acknowledge(id, "bob", "me too"); // the first acknowledgement is kept
        rec.clear("gw-h", "wwl:HIGH", T0 + 60_000, 3L);
        rec.clear("gw-h", "wwl:HIGH", T0 + 60_000, 3L); // replayed clear

        assertThat(svc.history(id)).extracting(AlarmHistoryDto::event, AlarmHistoryDto::at, AlarmHistoryDto::actor,
                        AlarmHistoryDto::comment)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlarmEventType.RAISED, Instant.ofEpochMilli(T0), "GATEWAY", null),
                        org.assertj.core.groups.Tuple.tuple(AlarmEventType.ACKNOWLEDGED, NOW, "alice", "crew sent"),
                        org.assertj.core.groups.Tuple.tuple(AlarmEventType.CLEARED, Instant.ofEpochMilli(T0 + 60_000),
                                "GATEWAY", null));
        AlarmHistoryDto raised = svc.history(id).get(0);
        assertThat(raised.severity()).isEqualTo("WARNING");
        assertThat(raised.value()).isEqualTo(3.6);
        assertThat(raised.message()).isEqualTo("high 3.6 m");
        assertThat(told).extracting(AlarmTransition::type)
                .containsExactly(AlarmEventType.RAISED, AlarmEventType.ACKNOWLEDGED, AlarmEventType.CLEARED);
        assertThat(told.get(2).alarm().state()).isEqualTo(AlarmState.CLEARED);
        assertThat(told.get(1).alarm().acknowledgedBy()).isEqualTo("alice");

        long server = rec.raise(AlarmSource.SERVER, "gw-h", null, null, "CLOCK_DRIFT", "WARNING", "drift", 45.0, 30.0,
                T0, null).id();
        assertThat(rec.open(AlarmSource.SERVER)).containsExactly(new OpenAlarm("gw-h", "CLOCK_DRIFT"));
        assertThat(rec.open(AlarmSource.GATEWAY)).isEmpty();
        rec.clear("gw-h", "CLOCK_DRIFT", T0 + 1000, null);
        assertThat(svc.history(server)).extracting(AlarmHistoryDto::actor).containsExactly("SERVER", "SERVER");
        assertThatThrownBy(() -> svc.history(999_999)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aListenerFailureRollsTheChangeBackInATransaction() {
        AlarmRepository repository = new AlarmRepository(db.jdbc);
        AlarmRecorder rec = new AlarmRecorder(repository, java.util.List.of(t -> {
            throw new IllegalStateException("listener down");
        }));
        org.springframework.transaction.support.TransactionTemplate tx =
                new org.springframework.transaction.support.TransactionTemplate(
                        new org.springframework.jdbc.datasource.DataSourceTransactionManager(db.dataSource));
        assertThatThrownBy(() -> tx.execute(s -> rec.raise("gw-r", "d", "c", "k", "WARNING", null, null, null, T0, 1L)))
                .hasMessageContaining("listener down");
        assertThat(rows()).isZero();
        assertThat(db.jdbc.sql("SELECT COUNT(*) FROM alarm_history").query(Long.class).single()).isZero();
    }
}
