package org.hanedge.contract.senml;

/**
 * One record of a pack that was refused; the rest of the pack is not affected.
 *
 * @param index      the record's position in the pack, from 0
 * @param problem    why
 * @param detail     one line naming the record, the field and what was wrong, e.g.
 *                   {@code record 3: "t" is a string, expected a number}
 * @param recordText the record as received (JSON text; CBOR rendered as JSON with label names), at most
 *                   {@value #MAX_RECORD_TEXT} characters
 */
public record RecordProblem(int index, SenmlProblem problem, String detail, String recordText) {
    public static final int MAX_RECORD_TEXT = 500;
}
