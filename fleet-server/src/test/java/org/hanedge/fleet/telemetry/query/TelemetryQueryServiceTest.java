package org.hanedge.fleet.telemetry.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.NotFoundException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TelemetryQueryServiceTest {
    static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;

    static TestDatabase db;
    static TelemetryQueryService service;
    static long level;
    static long pump;

    @BeforeAll
    static void data() {
        db = new TestDatabase();
        db.gateway("ps-01", "pump-station", "Pump station 1", "Hai Chau");
        db.gateway("ps-empty", "pump-station", "Pump station without data", "Hai Chau");
        level = db.series("ps-01", "plc", "wet_well_level", "NUMBER", "m");
        pump = db.series("ps-01", "plc", "pump1_running", "BOOLEAN", null);
        long mode = db.series("ps-01", "plc", "mode_text", "TEXT", null);
        db.series("ps-01", "io", "temperature", "NUMBER", "Cel");
        db.series("ps-01", "plc", "temperature", "NUMBER", "Cel");
        db.latest(level, T0 + 5000, 1.25, null, null);
        db.latest(pump, T0 + 6000, 1.0, null, null);
        db.latest(mode, T0 + 7000, null, "AUTO", "UNCERTAIN");

        // minute rollups: the 2-minute bucket must average 70 / 4 = 17.5 (not the mean of the averages, 15)
        db.rollup("rollup_1m", level, T0, 1, 10, 10, 10);
        db.rollup("rollup_1m", level, T0 + MIN, 3, 60, 15, 25);
        db.rollup("rollup_1m", level, T0 + 2 * MIN, 2, 10, 4, 6);
        db.rollup("rollup_1m", level, T0 + 4 * MIN, 5, 50, 9, 11); // outside [from, to)
        // hour and day rollups with values telling which table was read
        db.rollup("rollup_1h", level, T0, 60, 600, 1, 20);
        db.rollup("rollup_1h", level, T0 + HOUR, 60, 1200, 2, 30);
        db.rollup("rollup_1h", level, T0 + 2 * HOUR, 30, 900, 3, 40);
        long day0 = T0 / DAY * DAY;
        db.rollup("rollup_1d", level, day0, 1000, 2000, 0.5, 44);
        // raw readings
        db.reading(level, T0 + 1000, 1, 1.0, null, null);
        db.reading(level, T0 + 2000, 2, 2.0, null, "UNCERTAIN");
        db.reading(level, T0 + 2000, 3, 3.0, null, null);
        db.reading(pump, T0 + 1000, 4, 1.0, null, null);
        db.reading(pump, T0 + 3000, 5, 0.0, null, null);

        service = new TelemetryQueryService(new TelemetryQueryRepository(db.jdbc),
                Clock.fixed(Instant.ofEpochMilli(T0 + 3 * HOUR), ZoneOffset.UTC));
    }

    private static String at(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    @Test
    void latestListsEverySeriesWithTypedValues() {
        List<LatestValueDto> latest = service.latest("ps-01");
        assertThat(latest).extracting(LatestValueDto::device, LatestValueDto::channel, LatestValueDto::value,
                LatestValueDto::quality).containsExactly(
                        tuple("io", "temperature", null, "GOOD"),
                        tuple("plc", "mode_text", "AUTO", "UNCERTAIN"),
                        tuple("plc", "pump1_running", true, "GOOD"),
                        tuple("plc", "temperature", null, "GOOD"),
                        tuple("plc", "wet_well_level", 1.25, "GOOD"));
        assertThat(latest.get(4).unit()).isEqualTo("m");
        assertThat(latest.get(4).time()).isEqualTo(Instant.ofEpochMilli(T0 + 5000));
        assertThat(latest.get(0).time()).isNull();
        assertThat(service.latest("ps-empty")).isEmpty();
        assertThatThrownBy(() -> service.latest("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void minuteRollupsAreReaggregatedIntoStepsWeightedByCount() {
        SeriesDto s = service.series("ps-01", "plc", "wet_well_level", at(T0), at(T0 + 4 * MIN), "2m");
        assertThat(s.resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(s.step()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.unit()).isEqualTo("m");
        assertThat(s.points()).extracting(SeriesPointDto::t, SeriesPointDto::avg, SeriesPointDto::min,
                SeriesPointDto::max, SeriesPointDto::count).containsExactly(
                        tuple(Instant.ofEpochMilli(T0), 17.5, 10.0, 25.0, 4L),
                        tuple(Instant.ofEpochMilli(T0 + 2 * MIN), 5.0, 4.0, 6.0, 2L));
        assertThat(s.points().get(0).value()).isNull();
    }

    @Test
    void hourAndDayStepsReadTheirRollups() {
        SeriesDto h = service.series("ps-01", "plc", "wet_well_level", at(T0), at(T0 + 3 * HOUR), "2h");
        assertThat(h.resolution()).isEqualTo(Resolution.HOUR);
        // buckets are aligned to multiples of the step since the epoch: 10:00 falls in [10:00, 12:00)
        assertThat(h.points()).extracting(SeriesPointDto::avg, SeriesPointDto::min, SeriesPointDto::max,
                SeriesPointDto::count).containsExactly(tuple(15.0, 1.0, 30.0, 120L), tuple(30.0, 3.0, 40.0, 30L));

        SeriesDto d = service.series("ps-01", null, "wet_well_level", at(T0 - 2 * DAY), at(T0 + HOUR), "P1D");
        assertThat(d.resolution()).isEqualTo(Resolution.DAY);
        assertThat(d.device()).isEqualTo("plc");
        assertThat(d.points()).extracting(SeriesPointDto::t, SeriesPointDto::avg, SeriesPointDto::max)
                .containsExactly(tuple(Instant.ofEpochMilli(T0 / DAY * DAY), 2.0, 44.0));
    }

    @Test
    void shortStepsReturnRawReadings() {
        SeriesDto s = service.series("ps-01", "plc", "wet_well_level", at(T0), at(T0 + MIN), "10s");
        assertThat(s.resolution()).isEqualTo(Resolution.RAW);
        assertThat(s.points()).extracting(SeriesPointDto::t, SeriesPointDto::value, SeriesPointDto::quality)
                .containsExactly(tuple(Instant.ofEpochMilli(T0 + 1000), 1.0, "GOOD"),
                        tuple(Instant.ofEpochMilli(T0 + 2000), 2.0, "UNCERTAIN"),
                        tuple(Instant.ofEpochMilli(T0 + 2000), 3.0, "GOOD"));
        assertThat(s.points().get(0).avg()).isNull();

        SeriesDto b = service.series("ps-01", "plc", "pump1_running", at(T0), at(T0 + MIN), "1s");
        assertThat(b.points()).extracting(SeriesPointDto::value).containsExactly(true, false);
    }

    @Test
    void tooManyRawReadingsAreRefusedNamingTheStep() {
        TestDatabase big = new TestDatabase();
        big.gateway("gw-big", "lake", "Big", null);
        long id = big.series("gw-big", "sonde", "ph", "NUMBER", "pH");
        big.readings(id, T0, 100, SeriesPlan.MAX_POINTS + 1);
        TelemetryQueryService s = new TelemetryQueryService(new TelemetryQueryRepository(big.jdbc));
        String to = at(T0 + 1_000_200);
        assertThat(s.series("gw-big", "sonde", "ph", at(T0), at(T0 + 100L * SeriesPlan.MAX_POINTS), "30s")
                .points()).hasSize(SeriesPlan.MAX_POINTS);
        assertThatThrownBy(() -> s.series("gw-big", "sonde", "ph", at(T0), to, "30s"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("step"));
    }

    @Test
    void unknownGatewayOrSeriesIs404AndBadParametersAre400() {
        assertThatThrownBy(() -> service.series("nope", "plc", "wet_well_level", null, null, null))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.what()).isEqualTo("gateway"));
        assertThatThrownBy(() -> service.series("ps-01", "plc", "no_such_channel", null, null, null))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.what()).isEqualTo("series"));
        assertThatThrownBy(() -> service.series("ps-01", "plc", null, null, null, null))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.parameter()).isEqualTo("channel"));
        assertThatThrownBy(() -> service.series("ps-01", null, "temperature", null, null, null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("device");
                    assertThat(e.getMessage()).contains("io, plc");
                });
        assertThatThrownBy(() -> service.series("ps-01", "plc", "wet_well_level", at(T0), at(T0), null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.parameter()).isEqualTo("from"));
    }

    @Test
    void defaultsToTheLast24HoursFromTheMinuteRollup() {
        SeriesDto s = service.series("ps-01", "plc", "wet_well_level", null, null, null);
        assertThat(s.to()).isEqualTo(Instant.ofEpochMilli(T0 + 3 * HOUR));
        assertThat(s.from()).isEqualTo(Instant.ofEpochMilli(T0 + 3 * HOUR - DAY));
        assertThat(s.resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(s.points()).extracting(SeriesPointDto::count).containsExactly(4L, 2L, 5L);
    }
}
