package org.hanedge.fleet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;
import org.hanedge.fleet.notify.MutableClock;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The audit table (V7) and its filters, on H2 and on a real PostgreSQL. */
class AuditLogTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @OnH2AndPostgres
    void listsNewestFirstFilteredByGatewayActorActionAndTime(TestDatabase db) {
        MutableClock clock = new MutableClock(T0);
        AuditLog log = new AuditLog(db.jdbc(), new ObjectMapper(), clock);
        log.record("nguyen.van.an", AuditAction.CONFIG_CHANGED, "gw-1", "STORED",
                Map.of("version", 1, "reason", "mùa tảo: dải chết pH"));
        clock.advance(Duration.ofMinutes(1));
        log.record("server", AuditAction.CONFIG_PUBLISHED, "gw-1", "PUBLISHED", Map.of("version", 1));
        clock.advance(Duration.ofMinutes(1));
        log.record("gateway:gw-1", AuditAction.CONFIG_REPORTED, "gw-1", "APPLIED", Map.of("version", 1));
        clock.advance(Duration.ofMinutes(1));
        log.record("token:city-backend", AuditAction.ALARM_ACKNOWLEDGED, "gw-2", "ACKNOWLEDGED", null);

        AuditFilter all = new AuditFilter(null, null, null, null, null);
        assertThat(log.count(all)).isEqualTo(4);
        List<AuditEntryDto> page = log.list(all, 0, 2);
        assertThat(page).extracting(AuditEntryDto::action)
                .containsExactly(AuditAction.ALARM_ACKNOWLEDGED, AuditAction.CONFIG_REPORTED);
        assertThat(page.get(0).details()).isEmpty();
        assertThat(log.list(all, 3, 2)).extracting(AuditEntryDto::actor).containsExactly("nguyen.van.an");
        AuditEntryDto changed = log.list(new AuditFilter(null, "nguyen.van.an", null, null, null), 0, 10).get(0);
        assertThat(changed.at()).isEqualTo(T0);
        assertThat(changed.gateway()).isEqualTo("gw-1");
        assertThat(changed.outcome()).isEqualTo("STORED");
        assertThat(changed.details()).containsEntry("reason", "mùa tảo: dải chết pH").containsEntry("version", 1);

        assertThat(log.count(new AuditFilter("gw-1", null, null, null, null))).isEqualTo(3);
        assertThat(log.list(new AuditFilter("gw-1", null, AuditAction.CONFIG_REPORTED, null, null), 0, 10))
                .extracting(AuditEntryDto::outcome).containsExactly("APPLIED");
        assertThat(log.list(new AuditFilter(null, null, null, T0.plusSeconds(60), T0.plusSeconds(180)), 0, 10))
                .extracting(AuditEntryDto::action)
                .containsExactly(AuditAction.CONFIG_REPORTED, AuditAction.CONFIG_PUBLISHED);
    }

    @OnH2AndPostgres
    void anEntryCommitsOrRollsBackWithTheChangeItRecords(TestDatabase db) {
        AuditLog log = new AuditLog(db.jdbc(), new ObjectMapper(), new MutableClock(T0));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            log.record("ops", AuditAction.CONFIG_CHANGED, "gw-1", "STORED", Map.of("version", 9));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        assertThat(log.count(new AuditFilter(null, null, null, null, null))).isZero();
        tx.executeWithoutResult(s -> log.record("ops", AuditAction.CONFIG_CHANGED, "gw-1", "STORED", Map.of()));
        assertThat(log.count(new AuditFilter(null, null, null, null, null))).isEqualTo(1);
    }

    @OnH2AndPostgres
    void longDetailsAreCutToTheColumn(TestDatabase db) {
        AuditLog log = new AuditLog(db.jdbc(), new ObjectMapper(), new MutableClock(T0));
        log.record("ops", AuditAction.CONFIG_CHANGED, "gw-1", "REFUSED", Map.of("errors", "ư".repeat(20_000)));
        Map<String, Object> details = log.list(new AuditFilter(null, null, null, null, null), 0, 1).get(0).details();
        assertThat((String) details.get("truncated")).startsWith("{\"errors\":\"ưư").hasSizeLessThan(AuditLog.MAX_DETAILS);
    }
}
