package org.hanedge.fleet.telemetry.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.hanedge.fleet.api.BadRequestException;
import org.junit.jupiter.api.Test;

class SeriesPlanTest {
    static final Instant NOW = Instant.parse("2026-11-27T05:00:00Z");

    private static SeriesPlan plan(String from, String to, String step) {
        return SeriesPlan.of(QueryParameters.instant("from", from, null), QueryParameters.instant("to", to, null),
                QueryParameters.duration("step", step), NOW);
    }

    @Test
    void theStepChoosesTheCoarsestRollupNotWiderThanIt() {
        String from = "2026-11-21T00:00:00Z";
        String to = "2026-11-27T00:00:00Z";
        assertThat(plan(from, to, "PT1M").resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(plan(from, to, "59m").resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(plan(from, to, "59m").step()).isEqualTo(Duration.ofMinutes(59));
        assertThat(plan(from, to, "1h").resolution()).isEqualTo(Resolution.HOUR);
        assertThat(plan(from, to, "PT6H").resolution()).isEqualTo(Resolution.HOUR);
        assertThat(plan(from, to, "1d").resolution()).isEqualTo(Resolution.DAY);
        assertThat(plan(from, to, "P1D").resolution()).isEqualTo(Resolution.DAY);
        // a step that is not a whole number of buckets is rounded down to one that is
        assertThat(plan(from, to, "90m").resolution()).isEqualTo(Resolution.HOUR);
        assertThat(plan(from, to, "90m").step()).isEqualTo(Duration.ofHours(1));
        assertThat(plan(from, to, "36h").step()).isEqualTo(Duration.ofDays(1));
        assertThat(plan(from, to, "90s").step()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void stepsUnderAMinuteReadRawReadings() {
        SeriesPlan p = plan("2026-11-26T00:00:00Z", "2026-11-26T01:00:00Z", "30s");
        assertThat(p.resolution()).isEqualTo(Resolution.RAW);
        assertThat(p.step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(plan("2026-11-26T00:00:00Z", "2026-11-26T01:00:00Z", "500ms").resolution())
                .isEqualTo(Resolution.RAW);
    }

    @Test
    void defaultsAreTheLast24HoursInAtMostAThousandPoints() {
        SeriesPlan p = plan(null, null, null);
        assertThat(p.to()).isEqualTo(NOW);
        assertThat(p.from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(p.step()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.resolution()).isEqualTo(Resolution.MINUTE);
        // 30 days: 43.2 min wanted, 1 h is the next round step
        SeriesPlan month = plan("2026-10-28T05:00:00Z", null, null);
        assertThat(month.step()).isEqualTo(Duration.ofHours(1));
        assertThat(month.resolution()).isEqualTo(Resolution.HOUR);
        // an hour: 3.6 s wanted -> 5 s -> raw
        assertThat(plan("2026-11-27T04:00:00Z", null, null).resolution()).isEqualTo(Resolution.RAW);
        // 400 days: 9.6 h wanted -> 12 h points from the hourly rollup
        SeriesPlan year = plan("2025-10-23T05:00:00Z", null, null);
        assertThat(year.step()).isEqualTo(Duration.ofHours(12));
        assertThat(year.resolution()).isEqualTo(Resolution.HOUR);
    }

    @Test
    void limitsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> plan("2026-11-27T00:00:00Z", "2026-11-26T00:00:00Z", null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> plan("2026-11-26T00:00:00Z", "2026-11-26T00:00:00Z", null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> plan("2025-10-01T00:00:00Z", "2026-11-26T00:00:00Z", "1d"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("from");
                    assertThat(e.getMessage()).contains("400 days");
                });
        assertThatThrownBy(() -> plan("2026-11-26T00:00:00Z", "2026-11-27T00:00:00Z", "1s"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("step");
                    assertThat(e.getMessage()).contains("86400 points");
                });
        // exactly 10,000 points is allowed
        assertThat(plan("2026-11-20T00:00:00Z", "2026-11-26T22:40:00Z", "1m").resolution())
                .isEqualTo(Resolution.MINUTE);
        assertThatThrownBy(() -> plan("2026-11-20T00:00:00Z", "2026-11-26T22:41:00Z", "1m"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("step"));
        assertThatThrownBy(() -> plan("yesterday", null, null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> plan(null, "2026-13-01T00:00:00Z", null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("to"));
        for (String bad : new String[] { "abc", "0s", "-5m", "PT0S", "5y" }) {
            assertThatThrownBy(() -> plan(null, null, bad)).as(bad)
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("step"));
        }
    }

    @Test
    void instantsWithAnOffsetAreAccepted() {
        assertThat(QueryParameters.instant("from", "2026-11-27T12:00:00+07:00", null))
                .isEqualTo(Instant.parse("2026-11-27T05:00:00Z"));
    }
}
