package org.hanedge.contract.senml;

import java.util.List;

/**
 * What came out of one pack: the readable records in pack order, and the records that were not.
 *
 * @param records  the good records with their position in the pack
 * @param problems the refused records
 */
public record DecodedPack(List<Decoded> records, List<RecordProblem> problems) {
    public DecodedPack {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }

    /** One good record: its position in the pack (from 0) and its sample. */
    public record Decoded(int index, Sample sample) {
    }

    /** The samples alone, in pack order. */
    public List<Sample> samples() {
        return records.stream().map(Decoded::sample).toList();
    }
}
