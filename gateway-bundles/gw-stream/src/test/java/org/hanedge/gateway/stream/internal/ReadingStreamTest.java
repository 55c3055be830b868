package org.hanedge.gateway.stream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingListener;
import org.junit.jupiter.api.Test;

class ReadingStreamTest {
    private static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");

    @Test
    void keepsLatestPerChannelAndDeliversInOrderDespiteAFailingListener() {
        ReadingStream stream = new ReadingStream();
        List<Reading> received = new ArrayList<>();
        ReadingListener failing = batch -> {
            throw new IllegalStateException("listener bug");
        };
        stream.addListener(failing);
        stream.addListener(received::addAll);

        Reading first = Reading.of("lake", "ph", 7.1, null, T0);
        Reading second = Reading.of("lake", "ph", 7.3, null, T0.plusSeconds(5));
        Reading level = Reading.failed("lake", "level", "m", T0, Quality.BAD_COMM);
        stream.publish(first);
        stream.publish(List.of(second, level));

        assertEquals(List.of(first, second, level), received);
        assertEquals(7.3, stream.latest("lake", "ph").orElseThrow().numberValue());
        assertEquals(List.of("level", "ph"), stream.all().stream().map(Reading::channel).toList());
        assertTrue(stream.latest("lake", "turbidity").isEmpty());
    }

    @Test
    void shellTableShowsValueUnitAndQuality() {
        String table = ReadingFormat.table(List.of(Reading.of("ps", "wet_well_level", 2.35, "m", T0),
                Reading.failed("ps", "flow", "m3/h", T0, Quality.BAD_OFFLINE)));
        assertTrue(table.contains("wet_well_level") && table.contains("2.350 m") && table.contains("GOOD"), table);
        assertTrue(table.contains("flow") && table.contains("BAD_OFFLINE") && table.contains("03:00:00.000"), table);
    }
}
