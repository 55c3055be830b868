package org.hanedge.fleet.ingest.senml;

import java.util.List;

/** What came out of one telemetry message: the readable records in pack order, and the records that were not. */
public record DecodedPack(List<SenmlRecord> records, List<RecordProblem> problems) {
    public DecodedPack {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }
}
