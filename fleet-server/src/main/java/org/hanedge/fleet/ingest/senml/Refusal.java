package org.hanedge.fleet.ingest.senml;

/**
 * Why the server refused one decoded record (the rest of its pack is not affected).
 *
 * @param index  the record's position in the pack, from 0
 * @param reason the dead-letter reason
 * @param detail one line naming the record, the field and what was wrong
 */
public record Refusal(int index, DeadLetterReason reason, String detail) {
}
